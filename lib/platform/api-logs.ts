import { z } from "zod";
import { listApiLogs, parsePeriod } from "@/lib/api-logs/data";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { cursorPaging, id, isoTime } from "./schemas";

const logJson = z.object({
  id,
  method: z.string(),
  endpoint: z.string(),
  status_code: z.number().int(),
  latency_ms: z.number().int(),
  api_key_id: z.string().nullable(),
  created_at: isoTime,
});

export const apiLogs = resource("/platform/v1/api_logs", "External API logs", {
  GET: defineRoute(
    {
      auth: "apiKey",
      errorShape: "kapso",
      summary: "Calls made to the Platform API and the Meta proxy with this project's keys, newest first",
      query: z.object({
        period: z.enum(["1h", "24h", "7d", "30d"]).optional().describe("default 24h"),
        endpoint: z.string().max(200).optional().describe("Part of the path"),
        status_code: z.coerce.number().int().min(100).max(599).optional(),
        errors_only: z.enum(["true", "false"]).optional().describe("Only 4xx and 5xx"),
        api_key_id: z.string().max(64).optional(),
        limit: z.string().max(4).optional().describe("1–100, default 20"),
        after: z.string().max(500).optional(),
        before: z.string().max(500).optional(),
      }),
      response: z.object({ data: z.array(logJson), paging: cursorPaging }),
    },
    async (ctx) => {
      const q = ctx.query;
      const r = await listApiLogs(
        platformContext(ctx).projectId,
        {
          period: parsePeriod(q.period),
          endpoint: q.endpoint,
          statusCode: q.status_code,
          errorsOnly: q.errors_only === "true",
          apiKeyId: q.api_key_id,
        },
        ctx.url,
      );
      return {
        data: r.data.map((l) => ({
          id: l.id,
          method: l.method,
          endpoint: l.endpoint,
          status_code: l.statusCode,
          latency_ms: l.latencyMs,
          api_key_id: l.apiKeyId,
          created_at: l.createdAt.toISOString(),
        })),
        paging: r.paging,
      };
    },
  ),
});
