import { broadcastRecipientsRoute } from "@/lib/broadcasts/routes";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = broadcastRecipientsRoute;
