import { env } from "@/lib/env";
import { defineRoute, methods } from "@/lib/http/define-route";
import { buildOpenApi } from "@/lib/http/openapi";
import { platformResources, proxyResources } from "./catalogue";

let cached: Record<string, unknown> | undefined;

/** The Platform API's OpenAPI 3.1 document (built once per process from the declared schemas). */
export function platformOpenApi(): Record<string, unknown> {
  cached ??= buildOpenApi({
    title: "Switchboard Platform API",
    version: "1.0.0",
    serverUrl: env().APP_URL.replace(/\/$/, ""),
    resources: [...platformResources, ...proxyResources],
  });
  return cached;
}

/** GET /platform/v1/openapi.json: public, like any API's published description. */
export const openApiRoute = methods(
  { GET: defineRoute({ auth: "public", errorShape: "kapso" }, async () => platformOpenApi()) },
  "kapso",
);
