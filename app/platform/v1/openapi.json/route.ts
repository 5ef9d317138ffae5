import { openApiRoute } from "@/lib/platform/openapi";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = openApiRoute;
