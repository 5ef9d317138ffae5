import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeProject } from "@/prisma/factories";
import { forgetNumber, numberByMetaId } from "./credentials";
import { runHealthCheck, subscribeApp } from "./health-mutations";

// The health check against the simulator over real HTTP: healthy, degraded when the app is no longer
// subscribed to the account's webhooks (and healthy again once subscribed), unhealthy with a refused
// token; each result stored and summarised on the number.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer(PORT);
});
afterAll(async () => server.close());

describe("number health", () => {
  it("healthy → degraded (unsubscribed, with its remedy) → healthy → unhealthy (token refused)", async () => {
    const ctx = await makeProject();
    const row = await db().phoneNumber.findFirstOrThrow({ where: { projectId: ctx.projectId } });
    const first = await runHealthCheck(ctx.projectId, row.id);
    expect(first.status).toBe("healthy");
    expect(Object.keys(first.checks)).toEqual([
      "phone_number_access",
      "token_validity",
      "messaging_health",
      "webhook_subscription",
      "webhook_verified",
    ]);
    expect(first.checks.messaging_health).toMatchObject({ passed: true, overall_status: "AVAILABLE" });
    expect(first.checks.phone_number_access?.details).toMatchObject({
      quality_rating: "GREEN",
      throughput_tier: "STANDARD",
    });

    const n = (await numberByMetaId(row.phoneNumberId))!;
    const res = await fetch(`${server.url}/api/sandbox/graph/v24.0/${n.wabaId}/subscribed_apps`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${n.accessToken}` },
    });
    expect(res.status).toBe(200);
    const degraded = await runHealthCheck(ctx.projectId, row.id);
    expect(degraded.status).toBe("degraded");
    expect(degraded.checks.webhook_subscription?.passed).toBe(false);
    expect((await db().phoneNumber.findUniqueOrThrow({ where: { id: row.id } })).healthError).toContain(
      "subscribed",
    );

    await subscribeApp(ctx.projectId, row.id);
    expect((await runHealthCheck(ctx.projectId, row.id, { testTo: "15550001111" })).status).toBe("healthy");

    // The simulator reads tokens from the same table, so a refused token is simulated by having none.
    await db().phoneNumber.update({ where: { id: row.id }, data: { accessTokenEnc: null } });
    forgetNumber(row.phoneNumberId);
    const bad = await runHealthCheck(ctx.projectId, row.id);
    expect(bad.status).toBe("unhealthy");
    expect(bad.checks.token_validity?.passed).toBe(false);
    expect(await db().numberHealthCheck.count({ where: { phoneNumberId: row.id } })).toBe(4);
  });
});
