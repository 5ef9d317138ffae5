import { metaProxy } from "@/lib/proxy/router";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = metaProxy;
