import { webhookHandshake } from "@/lib/ingest/handshake";

export const dynamic = "force-dynamic";
// POST is served by server.ts ahead of Next (the signed hot path); this file answers the rest.
export const { GET, POST, PUT, PATCH, DELETE } = webhookHandshake;
