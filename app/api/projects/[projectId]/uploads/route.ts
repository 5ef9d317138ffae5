import { uploadsRoute } from "@/lib/templates/upload-route";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = uploadsRoute;
