import { describe, expect, it } from "vitest";
import {
  activeWorkflow,
  customerWrites,
  edges,
  eventTypes,
  executionsOf,
  flowNode as n,
  projectWithNumber,
  registerEngineChild,
  registerEngineHarness,
  randomWaId as waId,
} from "@/lib/testing/engine-harness";

// Durability: the engine runs in a real child process (its outbox subscriber and its jobs), which is
// killed with SIGKILL in the middle of a send and during waits. After a restart nothing was sent twice,
// nothing was lost, and every wait still ends (by the customer's answer or by its timer).

// Only the child runs the engine: this process stores customers' messages and watches.
const engine = await registerEngineHarness({ inProcess: false });
const { texts } = engine;
const { start: startWorker, kill9 } = registerEngineChild();

describe("kill -9", () => {
  it("during a send: after the restart the message is not sent again and the run goes on", async () => {
    const { ctx, number } = await projectWithNumber();
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("one", "send_text", { message: "first" }),
          n("two", "send_text", { message: "second" }),
          n("ask", "wait_for_response", { save_response_to: "a" }),
        ],
        edges: edges(["start", "one"], ["one", "two"], ["two", "ask"]),
      },
      { inboundNumberId: number.id },
    );
    await startWorker();
    const customer = waId();
    // Graph reads the first send and never answers: the worker is killed inside that call.
    engine.sink.hold = true;
    await customerWrites(number.phoneNumberId, customer, "hi");
    await expect.poll(() => texts(customer), { timeout: 20_000, interval: 50 }).toEqual(["first"]);
    await kill9();
    engine.sink.hold = false;

    await startWorker();
    // The interrupted send is given up on after its grace period (15 s), never sent again.
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 60_000 }).toBe("WAITING");
    expect(texts(customer)).toEqual(["first", "second"]);
    const [exec] = await executionsOf(wf);
    const types = await eventTypes(exec!.id);
    expect(types.filter((t) => t === "execution_started")).toHaveLength(1);
    expect(types.filter((t) => t === "execution_waiting")).toHaveLength(1);
    // Idle a little: no late duplicate.
    await new Promise((r) => setTimeout(r, 1500));
    expect(texts(customer)).toEqual(["first", "second"]);
  }, 120_000);

  it("during a delay: the delayed message is sent once, after the restart", async () => {
    const { ctx, number } = await projectWithNumber();
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("one", "send_text", { message: "first" }),
          n("two", "send_text", { message: "later", delay_seconds: 3 }),
        ],
        edges: edges(["start", "one"], ["one", "two"]),
      },
      { inboundNumberId: number.id },
    );
    await startWorker();
    const customer = waId();
    await customerWrites(number.phoneNumberId, customer, "hi");
    await expect.poll(() => texts(customer), { timeout: 20_000 }).toEqual(["first"]);
    const [exec] = await executionsOf(wf);
    await expect.poll(async () => eventTypes(exec!.id), { timeout: 10_000 }).toContain("action_preparing");
    await kill9();
    // The delay runs out while no worker runs.
    await new Promise((r) => setTimeout(r, 3500));
    expect(texts(customer)).toEqual(["first"]);

    await startWorker();
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 30_000 }).toBe("ENDED");
    expect(texts(customer)).toEqual(["first", "later"]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(texts(customer)).toEqual(["first", "later"]);
  }, 120_000);

  it("during waits: a reply that arrives while no worker runs, and a timer due while none runs, each resume once", async () => {
    const { ctx, number } = await projectWithNumber();
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("q", "send_text", { message: "question" }),
          n("ask", "wait_for_response", { save_response_to: "a", has_timeout: true, timeout_seconds: 10 }),
          n("thanks", "send_text", { message: "thanks {{vars.a}}" }),
          n("late", "send_text", { message: "timed out" }),
        ],
        edges: edges(["start", "q"], ["q", "ask"], ["ask", "thanks", "response"], ["ask", "late", "timeout"]),
      },
      { inboundNumberId: number.id },
    );
    await startWorker();
    const replies = waId();
    const silent = waId();
    await customerWrites(number.phoneNumberId, replies, "hi");
    await customerWrites(number.phoneNumberId, silent, "hi");
    await expect
      .poll(async () => (await executionsOf(wf)).map((e) => e.status), { timeout: 20_000 })
      .toEqual(["WAITING", "WAITING"]);
    const started = Date.now();
    await kill9();

    // While no worker runs: one customer answers; the other's timer comes due.
    await customerWrites(number.phoneNumberId, replies, "42");
    const silentRun = (await executionsOf(wf)).find((e) => e.contactPhone === silent);
    const due = silentRun?.waitingUntil?.getTime() ?? 0;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now() + 500)));
    expect(Date.now() - started).toBeGreaterThan(0);

    await startWorker();
    await expect
      .poll(async () => (await executionsOf(wf)).map((e) => e.status), { timeout: 30_000 })
      .toEqual(["ENDED", "ENDED"]);
    expect(texts(replies)).toEqual(["question", "thanks 42"]);
    expect(texts(silent)).toEqual(["question", "timed out"]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(texts(replies)).toHaveLength(2);
    expect(texts(silent)).toHaveLength(2);
  }, 120_000);
});
