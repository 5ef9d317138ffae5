// The Platform API for webhooks and their deliveries, through the route handlers with an API key.
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveries from "@/app/platform/v1/webhook_deliveries/route";
import * as numberHooks from "@/app/platform/v1/whatsapp/phone_numbers/[id]/webhooks/route";
import * as hookById from "@/app/platform/v1/whatsapp/webhooks/[id]/route";
import * as hookTest from "@/app/platform/v1/whatsapp/webhooks/[id]/test/route";
import * as hooks from "@/app/platform/v1/whatsapp/webhooks/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { verifySignature } from "./signature";
import { type Sink, startSink } from "./test-sink";

const BASE = "http://localhost/platform/v1";
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  handler: Handler,
  opts: { key: string; method?: string; path: string; body?: unknown; params?: object },
) {
  const res = await handler(
    new Request(`${BASE}${opts.path}`, {
      method: opts.method ?? "GET",
      headers: { "content-type": "application/json", "x-api-key": opts.key },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve((opts.params ?? {}) as Record<string, string>) },
  );
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});

describe("Platform API: webhooks", () => {
  it("creates, lists, tests, changes and deletes webhooks in Kapso's shapes, and lists deliveries", async () => {
    const ctx = await makeProject();
    const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "hooks" });
    const number = await makeNumber(ctx);
    const pn = number.phoneNumberId;

    const created = await call(numberHooks.POST, {
      key,
      method: "POST",
      path: `/whatsapp/phone_numbers/${pn}/webhooks`,
      params: { id: pn },
      body: {
        whatsapp_webhook: {
          url: sink.url,
          events: ["whatsapp.message.received"],
          headers: { "X-Webhook-Source": "kapso" },
        },
      },
    });
    expect(created.status).toBe(201);
    const hook = created.json.data;
    expect(hook).toMatchObject({
      url: sink.url,
      kind: "kapso",
      phone_number_id: pn,
      payload_version: "v2",
      active: true,
      status: "active",
      buffer_window_seconds: 5,
      max_buffer_size: 50,
      headers: { "X-Webhook-Source": "kapso" },
    });
    expect(hook.secret_key).toMatch(/^whsec_/);

    // Project events on a number webhook, a bad URL, a window out of range: 422s naming the field.
    const wrong = await call(numberHooks.POST, {
      key,
      method: "POST",
      path: `/whatsapp/phone_numbers/${pn}/webhooks`,
      params: { id: pn },
      body: { whatsapp_webhook: { url: sink.url, events: ["workflow.execution.failed"] } },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error).toMatch(/events/);
    const badUrl = await call(hooks.POST, {
      key,
      method: "POST",
      path: "/whatsapp/webhooks",
      body: { whatsapp_webhook: { url: "ftp://x", events: ["workflow.execution.failed"] } },
    });
    expect(badUrl.status).toBe(422);
    expect(badUrl.json.error).toMatch(/url/);
    const badWindow = await call(hooks.POST, {
      key,
      method: "POST",
      path: "/whatsapp/webhooks",
      body: {
        whatsapp_webhook: { url: sink.url, events: ["workflow.execution.failed"], buffer_window_seconds: 61 },
      },
    });
    expect(badWindow.status).toBe(422);
    expect(badWindow.json.error).toMatch(/buffer_window_seconds/);

    // Meta forwarding: on a number (one per number), never project-wide.
    const meta = await call(numberHooks.POST, {
      key,
      method: "POST",
      path: `/whatsapp/phone_numbers/${pn}/webhooks`,
      params: { id: pn },
      body: { whatsapp_webhook: { url: sink.url, kind: "meta" } },
    });
    expect(meta.status).toBe(201);
    expect(meta.json.data.kind).toBe("meta");
    const secondMeta = await call(numberHooks.POST, {
      key,
      method: "POST",
      path: `/whatsapp/phone_numbers/${pn}/webhooks`,
      params: { id: pn },
      body: { whatsapp_webhook: { url: sink.url, kind: "meta" } },
    });
    expect(secondMeta.status).toBe(422);
    expect(secondMeta.json.error).toMatch(/already has a meta webhook/);
    const projectMeta = await call(hooks.POST, {
      key,
      method: "POST",
      path: "/whatsapp/webhooks",
      body: { whatsapp_webhook: { url: sink.url, kind: "meta" } },
    });
    expect(projectMeta.status).toBe(422);
    expect(projectMeta.json.error).toMatch(/kind/);
    // Buffering asked of a project webhook is refused, naming the field (it was accepted and ignored).
    const projectBuffer = await call(hooks.POST, {
      key,
      method: "POST",
      path: "/whatsapp/webhooks",
      body: {
        whatsapp_webhook: { url: sink.url, events: ["workflow.execution.failed"], buffer_enabled: true },
      },
    });
    expect(projectBuffer.status).toBe(422);
    expect(projectBuffer.json.error).toMatch(/buffer_enabled/);
    const metaId = meta.json.data.id as string;
    const metaGone = await call(hookById.DELETE, {
      key,
      method: "DELETE",
      path: `/whatsapp/webhooks/${metaId}`,
      params: { id: metaId },
    });
    expect(metaGone.status).toBe(204);

    const project = await call(hooks.POST, {
      key,
      method: "POST",
      path: "/whatsapp/webhooks",
      body: {
        whatsapp_webhook: {
          url: sink.url,
          events: ["workflow.execution.failed", "whatsapp.phone_number.created"],
        },
      },
    });
    expect(project.status).toBe(201);
    expect(project.json.data.phone_number_id).toBeNull();

    const all = await call(hooks.GET, { key, path: "/whatsapp/webhooks" });
    expect(all.json.data).toHaveLength(2);
    expect(all.json.data.every((w: Record<string, unknown>) => !("secret_key" in w))).toBe(true);
    const ofNumber = await call(numberHooks.GET, {
      key,
      path: `/whatsapp/phone_numbers/${pn}/webhooks`,
      params: { id: pn },
    });
    expect(ofNumber.json.data).toHaveLength(1);

    const tested = await call(hookTest.POST, {
      key,
      method: "POST",
      path: `/whatsapp/webhooks/${hook.id}/test`,
      params: { id: hook.id },
      body: { event_type: "whatsapp.message.received" },
    });
    expect(tested.status).toBe(200);
    expect(tested.json.data.success).toBe(true);
    const got = sink.requests.at(-1)!;
    expect(verifySignature(hook.secret_key, got.body, got.headers["x-webhook-signature"] ?? "")).toBe(true);
    expect(got.headers["x-webhook-source"]).toBe("kapso");

    const log = await call(deliveries.GET, {
      key,
      path: `/webhook_deliveries?period=24h&webhook_id=${hook.id}`,
    });
    expect(log.status).toBe(200);
    expect(log.json.data).toHaveLength(1);
    expect(log.json.data[0]).toMatchObject({
      event: "whatsapp.message.received",
      status: "succeeded",
      attempt: 1,
      response_status_code: 200,
    });
    expect(log.json.data[0].request_headers["x-webhook-signature"]).toMatch(/^[0-9a-f]{64}$/);
    const errors = await call(deliveries.GET, { key, path: "/webhook_deliveries?errors_only=true" });
    expect(errors.json.data).toHaveLength(0);
    // The log's own name for forwarded Meta bodies is a filter too (it was refused with a 422).
    const metaLog = await call(deliveries.GET, {
      key,
      path: "/webhook_deliveries?event=whatsapp.meta.received",
    });
    expect(metaLog.status).toBe(200);
    expect(metaLog.json.data).toHaveLength(0);
    const badPeriod = await call(deliveries.GET, { key, path: "/webhook_deliveries?period=1y" });
    expect(badPeriod.status).toBe(422);
    expect(badPeriod.json.error).toMatch(/period/);

    const patched = await call(hookById.PATCH, {
      key,
      method: "PATCH",
      path: `/whatsapp/webhooks/${hook.id}`,
      params: { id: hook.id },
      body: { whatsapp_webhook: { active: false, payload_version: "v1" } },
    });
    expect(patched.json.data).toMatchObject({ active: false, status: "disabled", payload_version: "v1" });

    // Another project's key sees nothing of it.
    const other = await makeProject();
    const { key: otherKey } = await createApiKey(memberScope(other), memberActor(other), { name: "other" });
    expect(
      (
        await call(hookById.GET, {
          key: otherKey,
          path: `/whatsapp/webhooks/${hook.id}`,
          params: { id: hook.id },
        })
      ).status,
    ).toBe(404);

    const deleted = await call(hookById.DELETE, {
      key,
      method: "DELETE",
      path: `/whatsapp/webhooks/${hook.id}`,
      params: { id: hook.id },
    });
    expect(deleted.status).toBe(204);
    expect(
      (await call(hookById.GET, { key, path: `/whatsapp/webhooks/${hook.id}`, params: { id: hook.id } }))
        .status,
    ).toBe(404);
  });
});
