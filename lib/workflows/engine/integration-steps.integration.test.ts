import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activeWorkflow,
  addLocalModel,
  customerWrites,
  edges,
  eventTypes,
  executionsOf,
  flowNode as n,
  projectWithNumber,
  type RecordingServer,
  registerEngineHarness,
  startRecordingServer,
} from "@/lib/testing/engine-harness";
import { lastUserText, type ModelServer, startModelServer } from "@/lib/testing/model-server";

// The steps that reach other modules: decide by a model (a local server speaking OpenAI's protocol),
// decide and function steps in the QuickJS sandbox, and the HTTP step through the egress guard.

const { texts } = await registerEngineHarness({ allowLoopback: true });

let models: ModelServer;
let http: RecordingServer;
beforeAll(async () => {
  models = await startModelServer();
  http = await startRecordingServer((body) => ({ tier: "gold", echo: body ? JSON.parse(body) : null }));
});
afterAll(async () => {
  await models.close();
  await http.close();
});

describe("steps that use models, the sandbox and the network", () => {
  it("decide by AI routes by the model's pick; decide and function steps run JavaScript in the sandbox", async () => {
    const { ctx, number } = await projectWithNumber();
    await addLocalModel(ctx, models.baseUrl);
    models.on((req) => lastUserText(req).includes("broken"), { text: "support" });
    models.on(() => true, { text: "sales" });
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("route", "decide", {
            decision_type: "ai",
            conditions: [
              { id: "c1", label: "sales", description: "wants to buy" },
              { id: "c2", label: "support", description: "has a problem" },
            ],
          }),
          n("calc", "function", {
            function_id: "inline",
            code: "function handler(request) { return { vars: { doubled: request.vars.n * 2 } } }",
            save_response_to: "fn",
          }),
          n("set", "set_variable", { variable_name: "n", variable_value: "21", value_type: "number" }),
          n("pick", "decide", {
            decision_type: "function",
            function_id: "inline",
            code: "function handler(request) { return request.vars.doubled > 40 ? 'big' : 'small' }",
            conditions: [
              { id: "big", label: "big" },
              { id: "small", label: "small" },
            ],
          }),
          n("sayBig", "send_text", { message: "support: big {{vars.doubled}}" }),
          n("saySmall", "send_text", { message: "small" }),
          n("saySales", "send_text", { message: "sales" }),
        ],
        edges: edges(
          ["start", "route"],
          ["route", "set", "c2"],
          ["route", "saySales", "c1"],
          ["set", "calc"],
          ["calc", "pick"],
          ["pick", "sayBig", "big"],
          ["pick", "saySmall", "small"],
        ),
      },
      { inboundNumberId: number.id },
    );
    await customerWrites(number.phoneNumberId, "15550107777", "my thing is broken");
    await customerWrites(number.phoneNumberId, "15550108888", "I want to buy");
    await expect.poll(() => texts("15550107777"), { timeout: 15_000 }).toEqual(["support: big 42"]);
    await expect.poll(() => texts("15550108888"), { timeout: 15_000 }).toEqual(["sales"]);
    const runs = await executionsOf(wf);
    const support = runs.find((r) => r.contactPhone === "15550107777");
    expect(support?.vars).toMatchObject({ n: 21, doubled: 42 });
    expect(await eventTypes(support!.id)).toContain("decision_evaluated");
  }, 40_000);

  it("the HTTP step calls an allowed host and saves the answer; a blocked address fails the step, saying why", async () => {
    const { ctx, number } = await projectWithNumber();
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("call", "webhook", {
            url: `${http.url}/orders`,
            method: "POST",
            headers: { Authorization: "Bearer {{vars.token}}" },
            body_template: '{"said":"{{last_user_input}}"}',
            save_response_to: "order",
          }),
          n("say", "send_text", { message: "tier {{vars.order.body.tier}} ({{vars.order.status}})" }),
          // 127.0.0.2 is loopback too, and not in EGRESS_ALLOW_HOSTS (only 127.0.0.1 is): refused.
          n("blocked", "webhook", { url: http.url.replace("127.0.0.1", "127.0.0.2"), method: "GET" }),
        ],
        edges: edges(["start", "call"], ["call", "say"], ["say", "blocked"]),
      },
      { inboundNumberId: number.id },
    );
    await customerWrites(number.phoneNumberId, "15550106666", "hello");
    await expect.poll(() => texts("15550106666"), { timeout: 15_000 }).toEqual(["tier gold (200)"]);
    expect(http.received[0]).toMatchObject({ method: "POST", body: '{"said":"hello"}' });
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 10_000 }).toBe("FAILED");
    const [run] = await executionsOf(wf);
    expect(JSON.stringify(run?.error)).toMatch(/blocked_address/);
    expect(http.received).toHaveLength(1);
  }, 30_000);

  it("keeps a customer's words and a saved variable inside their path segment and query value of the HTTP step's URL", async () => {
    const { ctx, number } = await projectWithNumber();
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("keep", "set_variable", { variable_name: "order", variable_value: "{{last_user_input}}" }),
          n("call", "webhook", {
            url: `${http.url}/lookup/{{vars.order}}/items?q={{last_user_input}}&page=1`,
            method: "GET",
            save_response_to: "found",
          }),
          n("say", "send_text", { message: "found {{vars.found.status}}" }),
        ],
        edges: edges(["start", "keep"], ["keep", "call"], ["call", "say"]),
      },
      { inboundNumberId: number.id },
    );
    const lookups = () => http.received.filter((r) => r.url.startsWith("/lookup/")).map((r) => r.url);
    await customerWrites(number.phoneNumberId, "15550105551", "../admin?x=");
    await expect.poll(() => texts("15550105551"), { timeout: 15_000 }).toEqual(["found 200"]);
    await customerWrites(number.phoneNumberId, "15550105552", "@evil.example/a#b&admin=1");
    await expect.poll(() => texts("15550105552"), { timeout: 15_000 }).toEqual(["found 200"]);
    expect(lookups()).toEqual([
      "/lookup/..%2Fadmin%3Fx%3D/items?q=..%2Fadmin%3Fx%3D&page=1",
      "/lookup/%40evil.example%2Fa%23b%26admin%3D1/items?q=%40evil.example%2Fa%23b%26admin%3D1&page=1",
    ]);
    // ".." as a whole path segment would move up the path even encoded (URLs treat %2e%2e as ..): the
    // step fails, saying why, and nothing is sent.
    await customerWrites(number.phoneNumberId, "15550105553", "..");
    await expect
      .poll(async () => (await executionsOf(wf)).find((r) => r.contactPhone === "15550105553")?.status, {
        timeout: 15_000,
      })
      .toBe("FAILED");
    const failed = (await executionsOf(wf)).find((r) => r.contactPhone === "15550105553");
    expect(JSON.stringify(failed?.error)).toMatch(/whole path segment/);
    expect(lookups()).toHaveLength(2);
    expect(http.received.some((r) => r.url.startsWith("/items"))).toBe(false);
  }, 40_000);
});
