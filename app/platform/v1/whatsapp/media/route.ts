import { media } from "@/lib/platform/media";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = media.handlers;
