import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { activeWorkflow, edges, eventTypes, flowNode as n } from "@/lib/testing/engine-harness";
import { makeProject } from "@/prisma/factories";
import { engineJobs } from "./jobs";
import { fireDueTimers } from "./timer-mutations";
import { engineLoops } from "./timers";

// Wait timers are rows ("waitingUntil" on a waiting execution) that the timer loop claims in batches.
// Here: many timers due together are resumed exactly once each even with several claimers at once; the
// loop fires them on time; a timeout that leads nowhere ends the execution with its domain event.

afterAll(async () => {
  await stopJobs(2000);
});

const flow = (timeoutEdge: boolean) => ({
  nodes: [
    n("start", "start"),
    n("ask", "wait_for_response", { save_response_to: "a", has_timeout: true, timeout_seconds: 10 }),
    n("late", "set_variable", { variable_name: "t", variable_value: "fired" }),
  ],
  edges: edges(["start", "ask"], ["ask", "late", timeoutEdge ? "timeout" : "response"]),
});

/** `count` executions parked at the wait, their timers due at `due(i)`, as the wait step leaves them. */
async function parkMany(workflowId: string, count: number, due: (i: number) => Date): Promise<string[]> {
  const wf = await db().workflow.findUniqueOrThrow({
    where: { id: workflowId },
    select: { projectId: true, publishedVersionId: true, version: true },
  });
  const ids = Array.from({ length: count }, () => randomUUID());
  await db().workflowExecution.createMany({
    data: ids.map((id, i) => ({
      id,
      trackingId: randomUUID(),
      projectId: wf.projectId,
      workflowId,
      workflowVersionId: wf.publishedVersionId as string,
      version: wf.version,
      status: "WAITING" as const,
      triggerType: "api_call",
      currentNodeId: "ask",
      stepCount: 1,
      waitingUntil: due(i),
    })),
  });
  return ids;
}

const resumedCounts = async (ids: string[]) => {
  const rows = await db().workflowExecutionEvent.groupBy({
    by: ["executionId"],
    where: { executionId: { in: ids }, type: "execution_resumed" },
    _count: true,
  });
  return new Map(rows.map((r) => [r.executionId, r._count]));
};

describe("wait timers", () => {
  it("several claimers at once resume each due timer exactly once, by its timeout output", async () => {
    await startJobs({ jobs: engineJobs, loops: false });
    const ctx = await makeProject();
    const wf = await activeWorkflow(ctx, flow(true));
    const ids = await parkMany(wf, 300, () => new Date(Date.now() - 1000));
    const claimer = async () => {
      let total = 0;
      for (;;) {
        const k = await fireDueTimers(40);
        total += k;
        if (k === 0) return total;
      }
    };
    const claimed = await Promise.all([claimer(), claimer(), claimer()]);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(300);
    const counts = await resumedCounts(ids);
    expect(counts.size).toBe(300);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    // The runners queued with the resume take each on to its end.
    await expect
      .poll(() => db().workflowExecution.count({ where: { workflowId: wf, status: "ENDED" } }), {
        timeout: 60_000,
        interval: 250,
      })
      .toBe(300);
    const one = await db().workflowExecution.findUniqueOrThrow({ where: { id: ids[0] as string } });
    expect(one.vars).toMatchObject({ t: "fired" });
    expect(one.waitingUntil).toBeNull();
    expect((one.system as { last_resume?: { reason: string } }).last_resume?.reason).toBe("timeout");
    expect(await eventTypes(one.id)).toEqual([
      "execution_resumed",
      "step_completed",
      "step_entered",
      "variables_set",
      "step_completed",
      "execution_ended",
    ]);
    await stopJobs(2000);
  }, 90_000);

  it("the loop fires timers on time, and a timeout with no next step ends the run with its event", async () => {
    await startJobs({ jobs: engineJobs, workerLoops: engineLoops, loops: false });
    const ctx = await makeProject();
    const wf = await activeWorkflow(ctx, flow(true));
    const start = Date.now() + 1500;
    const dueAt = (i: number) => new Date(start + (i % 1000));
    const ids = await parkMany(wf, 400, dueAt);
    const ending = await activeWorkflow(ctx, flow(false));
    const [lonely] = await parkMany(ending, 1, () => new Date(Date.now() + 500));

    await expect
      .poll(() => db().workflowExecution.count({ where: { workflowId: wf, status: "WAITING" } }), {
        timeout: 30_000,
        interval: 100,
      })
      .toBe(0);
    const resumed = await db().workflowExecutionEvent.findMany({
      where: { executionId: { in: ids }, type: "execution_resumed" },
      select: { executionId: true, createdAt: true },
    });
    expect(resumed).toHaveLength(400);
    const index = new Map(ids.map((id, i) => [id, i]));
    const late = resumed
      .map((r) => r.createdAt.getTime() - dueAt(index.get(r.executionId) as number).getTime())
      .sort((a, b) => a - b);
    // Never early; late by well under a second (the budget is p99 ≤ 1 s at 10,000).
    expect(late[0]).toBeGreaterThanOrEqual(0);
    expect(late[Math.floor(late.length * 0.99)]).toBeLessThan(1000);

    await expect
      .poll(
        async () => (await db().workflowExecution.findUnique({ where: { id: lonely as string } }))?.status,
        {
          timeout: 10_000,
        },
      )
      .toBe("ENDED");
    const ended = await db().domainEvent.findMany({
      where: { projectId: ctx.projectId, type: "workflow.execution.ended" },
    });
    expect(ended.map((e) => (e.payload as { executionId: string }).executionId)).toContain(lonely);
  }, 90_000);
});
