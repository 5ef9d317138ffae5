import { assignment } from "@/lib/platform/conversations";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = assignment.handlers;
