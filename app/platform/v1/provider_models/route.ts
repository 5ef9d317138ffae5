import { providerModels } from "@/lib/platform/provider-models";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = providerModels.handlers;
