import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  activeWorkflow,
  customerWrites,
  edges,
  eventTypes,
  executionsOf,
  flowNode as n,
  projectWithNumber,
  registerEngineHarness,
} from "@/lib/testing/engine-harness";

// Kapso's emit_event step (a project event with the step's transition), send text's delay_seconds (a
// durable delay: the runner is queued for when it is up), and the running → waiting domain event the
// inbox's badge follows.

const engine = await registerEngineHarness();
const { texts } = engine;

// When Graph was asked to send each text.
const sentAt = new Map<string, number>();
beforeAll(() => {
  const received = engine.sink.received;
  const push = received.push.bind(received);
  received.push = (...items) => {
    for (const b of items) sentAt.set(String((b.text as { body?: string } | undefined)?.body), Date.now());
    return push(...items);
  };
});

describe("emit event, delays and the waiting event", () => {
  it("emits the project event once, sends the delayed text after its delay, and announces the wait", async () => {
    const { ctx, number } = await projectWithNumber();
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("set", "set_variable", { variable_name: "order", variable_value: "A-17" }),
          n("one", "send_text", { message: "one" }),
          n("emit", "emit_event", {
            event_name: "order.shipped",
            properties: { order_id: "{{vars.order}}", items: 2 },
          }),
          n("two", "send_text", { message: "two", delay_seconds: 2 }),
          n("ask", "wait_for_response", { save_response_to: "a" }),
        ],
        edges: edges(["start", "set"], ["set", "one"], ["one", "emit"], ["emit", "two"], ["two", "ask"]),
      },
      { inboundNumberId: number.id },
    );
    const customer = "15550109911";
    await customerWrites(number.phoneNumberId, customer, "hi");
    await expect.poll(() => texts(customer), { timeout: 10_000 }).toEqual(["one"]);
    // Delayed: running meanwhile, not sent yet.
    await new Promise((r) => setTimeout(r, 800));
    expect(texts(customer)).toEqual(["one"]);
    expect((await executionsOf(wf))[0]?.status).toBe("RUNNING");
    await expect.poll(() => texts(customer), { timeout: 10_000 }).toEqual(["one", "two"]);
    expect((sentAt.get("two") ?? 0) - (sentAt.get("one") ?? 0)).toBeGreaterThanOrEqual(1900);
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 10_000 }).toBe("WAITING");

    const [run] = await executionsOf(wf);
    expect(await eventTypes(run!.id)).toContain("action_preparing");
    const domain = await db().domainEvent.findMany({
      where: { projectId: ctx.projectId, type: { in: ["project.event", "workflow.execution.waiting"] } },
      orderBy: { id: "asc" },
    });
    expect(domain.map((d) => d.type)).toEqual(["project.event", "workflow.execution.waiting"]);
    expect(domain[0]?.payload).toMatchObject({
      name: "order.shipped",
      properties: { order_id: "A-17", items: 2 },
      conversationId: run?.conversationId,
      source: { workflow_id: wf, workflow_execution_id: run?.id },
    });
    expect(domain[1]?.payload).toMatchObject({ executionId: run?.id, conversationId: run?.conversationId });
  }, 40_000);
});
