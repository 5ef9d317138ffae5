import { z } from "zod";
import { defineRoute, methods } from "@/lib/http/define-route";
import { broadcastTimeline, failureReasons, getBroadcast, listRecipients } from "./data";
import { RECIPIENT_FILTERS } from "./schema";

// The broadcast page's reads (session, admins): live progress (polled while sending), the recipients
// table, and the failed recipients as CSV.

const params = z.object({ projectId: z.string().min(1).max(64), broadcastId: z.string().min(1).max(64) });
const door = { auth: "session", minRole: "ADMIN", errorShape: "dashboard", params } as const;

function projectOf(scope: { projectId: import("@/lib/auth/project-id").ProjectId } | undefined) {
  if (!scope) throw new Error("session door without a project scope");
  return scope.projectId;
}

export const broadcastProgressRoute = methods(
  {
    GET: defineRoute(door, async ({ scope, params: p }) => {
      const projectId = projectOf(scope);
      const [broadcast, reasons, timeline] = await Promise.all([
        getBroadcast(projectId, p.broadcastId),
        failureReasons(projectId, p.broadcastId),
        broadcastTimeline(projectId, p.broadcastId),
      ]);
      return Response.json({ broadcast, reasons, timeline }, { headers: { "cache-control": "no-store" } });
    }),
  },
  "dashboard",
);

export const broadcastRecipientsRoute = methods(
  {
    GET: defineRoute(
      {
        ...door,
        query: z.object({
          filter: z.enum(RECIPIENT_FILTERS).optional(),
          q: z.string().max(40).optional(),
          page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
        }),
      },
      async ({ scope, params: p, query }) =>
        listRecipients(projectOf(scope), p.broadcastId, {
          filter: query.filter,
          q: query.q,
          page: query.page,
          perPage: 50,
        }),
    ),
  },
  "dashboard",
);

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  // Quoted, and a leading formula character neutralised so a spreadsheet never runs it.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

export const failedRecipientsCsvRoute = methods(
  {
    GET: defineRoute(door, async ({ scope, params: p }) => {
      const projectId = projectOf(scope);
      const b = await getBroadcast(projectId, p.broadcastId);
      const lines = [["phone_number", "error_code", "error", "parameters"].map(csvCell).join(",")];
      for (let page = 1; ; page++) {
        const { items } = await listRecipients(projectId, p.broadcastId, {
          filter: "failed",
          page,
          perPage: 1000,
        });
        for (const r of items) {
          const params = (Array.isArray(r.components) ? r.components : [])
            .flatMap((c) =>
              ((c as { parameters?: { text?: string }[] }).parameters ?? []).map((x) => x.text ?? ""),
            )
            .join(" | ");
          lines.push([`+${r.phone}`, r.errorCode, r.errorTitle, params].map(csvCell).join(","));
        }
        if (items.length < 1000) break;
      }
      const name = `${b.name.replace(/[^\w.-]+/g, "_").slice(0, 60) || "broadcast"}-failed.csv`;
      return new Response(`${lines.join("\r\n")}\r\n`, {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${name}"`,
          "cache-control": "no-store",
        },
      });
    }),
  },
  "dashboard",
);
