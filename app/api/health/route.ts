import "@/lib/server-only";
import { jobsStatus } from "@/lib/boot/jobs-runtime";
import { dbInfra, pingDatabase } from "@/lib/db/client";
import { defineRoute, methods } from "@/lib/http/define-route";
import { realtimeStatus } from "@/lib/realtime/server";

export const dynamic = "force-dynamic";

/**
 * Liveness and readiness for load balancers: 200 when the database answers, 503 when it does not.
 * Reports no secrets and no data, so it needs no auth.
 */
const health = methods(
  {
    GET: defineRoute({ auth: "public", errorShape: "dashboard" }, async () => {
      const database = await pingDatabase();
      const body = {
        status: database.ok ? "ok" : "degraded",
        database: {
          status: database.ok ? "up" : "down",
          kind: dbInfra().kind,
          latencyMs: database.latencyMs,
          error: database.error,
        },
        jobs: { status: jobsStatus().status },
        realtime: realtimeStatus(),
        uptimeSeconds: Math.round(process.uptime()),
      };
      return Response.json(body, {
        status: database.ok ? 200 : 503,
        headers: { "cache-control": "no-store" },
      });
    }),
  },
  "dashboard",
);

export const { GET, POST, PUT, PATCH, DELETE } = health;
