import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  activeWorkflow,
  addLocalModel,
  customerWrites,
  edges,
  executionsOf,
  flowNode as n,
  projectWithNumber,
  randomWaId,
  registerEngineChild,
  registerEngineHarness,
} from "@/lib/testing/engine-harness";
import {
  afterToolResult,
  type ChatRequest,
  lastUserText,
  type ModelServer,
  startModelServer,
} from "@/lib/testing/model-server";

// An agent's turn killed with SIGKILL after it sent a message and while the model is still thinking:
// after a restart the turn runs again from the stored conversation, the message it had sent is found by
// its idempotency key (not sent twice), and the turn ends as the model says.

const { texts } = await registerEngineHarness({ inProcess: false, allowLoopback: true });
const { start: startWorker, kill9 } = registerEngineChild();

let models: ModelServer;
beforeAll(async () => {
  models = await startModelServer();
});
afterAll(async () => {
  await models.close();
});

describe("kill -9 during an agent's turn", () => {
  it("does not send the turn's message twice and finishes the turn after the restart", async () => {
    const { ctx, number } = await projectWithNumber();
    await addLocalModel(ctx, models.baseUrl);
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
    const customer = randomWaId();
    await customerWrites(number.phoneNumberId, customer, "track parcel 9 please");
    await expect.poll(() => texts(customer), { timeout: 30_000 }).toEqual(["Parcel 9 is out for delivery"]);
    await expect
      .poll(() => models.requests.filter((r) => mine(r) && afterToolResult(r)).length, { timeout: 20_000 })
      .toBe(1);
    await kill9();

    await startWorker();
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 60_000 }).toBe("WAITING");
    expect(texts(customer)).toEqual(["Parcel 9 is out for delivery", "Anything else?"]);
    // The turn ran again from its start: the model asked for the send again, and it was not repeated.
    expect(models.requests.filter((r) => mine(r) && !afterToolResult(r)).length).toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(texts(customer)).toEqual(["Parcel 9 is out for delivery", "Anything else?"]);
  }, 150_000);
});
