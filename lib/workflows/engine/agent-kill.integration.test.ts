import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { registerSubscriber } from "@/lib/events/subscribers";
import { createProvider } from "@/lib/models/mutations";
import { createProviderSchema } from "@/lib/models/schema";
import { exited, spawnTs, waitForOutput } from "@/lib/testing/child";
import {
  activeWorkflow,
  customerWrites,
  edges,
  executionsOf,
  type GraphSink,
  flowNode as n,
  startGraphSink,
} from "@/lib/testing/engine-harness";
import { freePort } from "@/lib/testing/free-port";
import {
  afterToolResult,
  type ChatRequest,
  lastUserText,
  type ModelServer,
  startModelServer,
} from "@/lib/testing/model-server";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { engineSubscriber } from "./subscriber";

// An agent's turn killed with SIGKILL after it sent a message and while the model is still thinking:
// after a restart the turn runs again from the stored conversation, the message it had sent is found by
// its idempotency key (not sent twice), and the turn ends as the model says.

const GRAPH_PORT = await freePort();
process.env.META_GRAPH_URL = `http://127.0.0.1:${GRAPH_PORT}`;
process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";
loadEnv();
registerSubscriber(engineSubscriber)();

let sink: GraphSink;
let models: ModelServer;
let child: ReturnType<typeof spawnTs> | undefined;
beforeAll(async () => {
  sink = await startGraphSink(GRAPH_PORT);
  models = await startModelServer();
});
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited(child);
  }
});
afterAll(async () => {
  await sink.close();
  await models.close();
});

async function startWorker() {
  child = spawnTs("lib/testing/engine-child.ts", []);
  await waitForOutput(child, "READY", 60_000);
}

const bodies = (to: string) =>
  sink.received.filter((b) => b.to === to).map((b) => (b.text as { body: string } | undefined)?.body);

describe("kill -9 during an agent's turn", () => {
  it("does not send the turn's message twice and finishes the turn after the restart", async () => {
    const ctx = await makeProject();
    const number = await makeNumber(ctx, "LIVE");
    await createProvider(
      memberScope(ctx),
      memberActor(ctx),
      createProviderSchema.parse({
        name: "Local",
        kind: "openai_compatible",
        baseUrl: models.baseUrl,
        apiKey: "sk-test-0123456789abcdef",
        defaultModel: "test-model",
      }),
    );
    const mine = (req: ChatRequest) => lastUserText(req).includes("track parcel 9");
    // The first model call of the turn always asks to send; the one after the send is slow the first
    // time (the worker is killed while it waits), quick after the restart.
    models.on(
      (r) => mine(r) && afterToolResult(r),
      { text: "Anything else?", delayMs: 60_000 },
      { once: true },
    );
    models.on((r) => mine(r) && afterToolResult(r), { text: "Anything else?" });
    models.on(mine, {
      toolCalls: [{ name: "send_notification_to_user", args: { message: "Parcel 9 is out for delivery" } }],
    });
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [n("start", "start"), n("bot", "agent", { system_prompt: "You track parcels." })],
        edges: edges(["start", "bot"]),
      },
      { inboundNumberId: number.id },
    );
    await startWorker();
    const customer = `1555${Math.floor(1e6 + Math.random() * 8e6)}`;
    await customerWrites(number.phoneNumberId, customer, "track parcel 9 please");
    await expect.poll(() => bodies(customer), { timeout: 30_000 }).toEqual(["Parcel 9 is out for delivery"]);
    await expect
      .poll(() => models.requests.filter((r) => mine(r) && afterToolResult(r)).length, { timeout: 20_000 })
      .toBe(1);
    child?.kill("SIGKILL");
    if (child) await exited(child);

    await startWorker();
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 60_000 }).toBe("WAITING");
    expect(bodies(customer)).toEqual(["Parcel 9 is out for delivery", "Anything else?"]);
    // The turn ran again from its start: the model asked for the send again, and it was not repeated.
    expect(models.requests.filter((r) => mine(r) && !afterToolResult(r)).length).toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(bodies(customer)).toEqual(["Parcel 9 is out for delivery", "Anything else?"]);
  }, 150_000);
});
