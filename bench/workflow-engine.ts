// `npx tsx bench/workflow-engine.ts`: the workflow engine against a throwaway PostgreSQL database.
//  1. per-step overhead (p50/p99) of a 10-step set-variable/decide workflow, beside a bare loop doing
//     one INSERT (own transaction) per step;
//  2. BENCH_REPLIES (default 1000) customers replying at once to waiting executions: each resumed
//     exactly once, p50/p99 resume latency (message stored → execution resumed);
//  3. BENCH_TIMERS (default 10000) waits timing out in the same minute: p50/p99 lateness of the timers;
//  4. storage per waiting execution (the engine keeps nothing in memory for a waiting one).
// Scale with BENCH_RUNS, BENCH_REPLIES, BENCH_TIMERS on a busy machine.
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { dropDatabase, fmt, freshDatabase, percentile } from "./lib";

const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const REPLIES = Number(process.env.BENCH_REPLIES ?? 1000);
const TIMERS = Number(process.env.BENCH_TIMERS ?? 10000);
const name = `switchboard_bench_engine_${randomBytes(3).toString("hex")}`;

const url = await freshDatabase(name);
process.env.DATABASE_URL = url;
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${fmt(percentile(s, 50))} ms · p99 ${fmt(percentile(s, 99))} ms · max ${fmt(s.at(-1) ?? 0)} ms (n=${s.length})`;
};

async function main() {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const { applyMigrations } = await import("../lib/db/migrate");
  await applyMigrations({
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    exec: async (sql) => {
      await pool.query(sql);
    },
  });
  const { db } = await import("../lib/db/client");
  const { startJobs, stopJobs } = await import("../lib/boot/jobs-runtime");
  const { registerSubscriber } = await import("../lib/events/subscribers");
  const { wakeDispatcher } = await import("../lib/events/dispatcher");
  const { engineJobs } = await import("../lib/workflows/engine/jobs");
  const { engineSubscriber } = await import("../lib/workflows/engine/subscriber");
  const { startExecution } = await import("../lib/workflows/engine/start-mutations");
  const { advanceExecution } = await import("../lib/workflows/engine/runner");
  const { engineLoops } = await import("../lib/workflows/engine/timers");
  const { storeInboundMessage } = await import("../lib/messages/store");
  const { numberByMetaId } = await import("../lib/numbers/credentials");
  const { makeNumber, makeProject } = await import("../prisma/factories");
  const { activeWorkflow, edges, flowNode: n } = await import("../lib/testing/engine-harness");

  const ctx = await makeProject();
  const number = await makeNumber(ctx, "LIVE");
  // Queues exist once a runtime has started; part 1 runs the runner inline, so stop its workers first.
  await startJobs({ jobs: engineJobs, loops: false });
  await stopJobs(2000);

  // ---- 1. per-step overhead ---------------------------------------------------------------------
  const nodes = [n("start", "start")];
  const pairs: [string, string, string?][] = [];
  let prev = "start";
  for (let i = 0; i < 10; i++) {
    const id = `s${i}`;
    nodes.push(
      i % 2 === 0
        ? n(id, "set_variable", {
            variable_name: `v${i}`,
            variable_value: `{{vars.v${i - 2}}}x`,
            value_type: "string",
          })
        : n(id, "decide", {
            decision_type: "function",
            function_id: "inline",
            code: "function handler(r) { return r.vars.v0 ? 'a' : 'b' }",
            conditions: [
              { id: "a", label: "a" },
              { id: "b", label: "b" },
            ],
          }),
    );
    pairs.push(i > 0 && i % 2 === 0 ? [prev, id, "a"] : [prev, id]);
    prev = id;
  }
  // decide edges need both outputs connected for activation: "b" goes to the same next step.
  const def = { nodes, edges: edges(...pairs) };
  for (let i = 1; i < 9; i += 2)
    def.edges.push({ id: `eb${i}`, source: `s${i}`, target: `s${i + 1}`, label: "b", sourceHandle: "b" });
  const wf = await activeWorkflow(ctx, def, { name: "bench steps" });
  const perStep: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = await db().$transaction((tx) =>
      startExecution(tx, { projectId: ctx.projectId, workflowId: wf, triggerType: "api_call", vars: {} }),
    );
    const t0 = performance.now();
    const steps = await advanceExecution(started!.id);
    const ms = performance.now() - t0;
    if (steps !== 11) throw new Error(`expected 11 steps (start + 10), ran ${steps}`);
    perStep.push(ms / steps);
  }
  await pool.query(
    `CREATE TABLE bench_steps (id bigserial primary key, execution text, step int, vars jsonb)`,
  );
  const bare: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let s = 0; s < 11; s++)
      await pool.query(`INSERT INTO bench_steps (execution, step, vars) VALUES ($1, $2, $3)`, [
        String(r),
        s,
        JSON.stringify({ v: s }),
      ]);
    bare.push((performance.now() - t0) / 11);
  }
  console.log(`1. per step, 10-step set-variable/decide workflow: ${stats(perStep)}`);
  console.log(`   baseline, one INSERT per step:                   ${stats(bare)}`);

  // ---- 2. replies to waiting executions ------------------------------------------------------------
  registerSubscriber(engineSubscriber);
  await startJobs({ jobs: engineJobs, loops: true });
  const waitFlow = {
    nodes: [
      n("start", "start"),
      n("ask", "wait_for_response", { save_response_to: "a" }),
      n("done", "set_variable", { variable_name: "b", variable_value: "{{vars.a}}" }),
    ],
    edges: edges(["start", "ask"], ["ask", "done", "response"]),
  };
  const replyWf = await activeWorkflow(ctx, waitFlow, { inboundNumberId: number.id, name: "bench replies" });
  const num = (await numberByMetaId(number.phoneNumberId))!;
  const phones = Array.from({ length: REPLIES }, (_, i) => String(15550000000 + i));
  const write = (waId: string, text: string) =>
    storeInboundMessage(
      num,
      {
        id: `wamid.${randomUUID()}`,
        from: waId,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: "text",
        text: { body: text },
      } as never,
      { waId },
      new Date(),
    );
  const pooled = async <T>(items: T[], k: number, f: (x: T) => Promise<unknown>) => {
    let i = 0;
    await Promise.all(
      Array.from({ length: k }, async () => {
        while (i < items.length) await f(items[i++] as T);
      }),
    );
  };
  const tStart = performance.now();
  await pooled(phones, 16, (p) => write(p, "hi"));
  wakeDispatcher();
  for (;;) {
    const c = await db().workflowExecution.count({ where: { workflowId: replyWf, status: "WAITING" } });
    if (c === REPLIES) break;
    if (performance.now() - tStart > 600_000) throw new Error(`only ${c} of ${REPLIES} reached their wait`);
    await sleep(200);
  }
  console.log(
    `2. ${REPLIES} executions waiting after ${fmt(performance.now() - tStart)} ms; all reply at once…`,
  );
  const tReply = performance.now();
  await pooled(phones, 32, (p) => write(p, "42"));
  wakeDispatcher();
  for (;;) {
    const c = await db().workflowExecution.count({ where: { workflowId: replyWf, status: "ENDED" } });
    if (c === REPLIES) break;
    if (performance.now() - tReply > 600_000) throw new Error(`only ${c} of ${REPLIES} resumed`);
    await sleep(100);
  }
  const lat = await pool.query<{ ms: number; n: number }>(
    `
    SELECT EXTRACT(EPOCH FROM (ev."createdAt" - m."createdAt")) * 1000 AS ms, cnt.n
    FROM "WorkflowExecution" x
    JOIN LATERAL (SELECT min("createdAt") AS "createdAt" FROM "WorkflowExecutionEvent" WHERE "executionId" = x.id AND type = 'execution_resumed') ev ON true
    JOIN LATERAL (SELECT count(*)::int AS n FROM "WorkflowExecutionEvent" WHERE "executionId" = x.id AND type = 'execution_resumed') cnt ON true
    JOIN LATERAL (SELECT max("createdAt") AS "createdAt" FROM "Message" WHERE "conversationId" = x."conversationId" AND direction = 'INBOUND') m ON true
    WHERE x."workflowId" = $1`,
    [replyWf],
  );
  const once = lat.rows.every((r) => r.n === 1);
  console.log(
    `   resumed exactly once each: ${once} · all ended after ${fmt(performance.now() - tReply)} ms`,
  );
  console.log(`   resume latency (reply stored → resumed): ${stats(lat.rows.map((r) => Number(r.ms)))}`);

  // ---- 3. timeouts due in the same minute -----------------------------------------------------------
  await stopJobs(5000);
  const timerWf = await activeWorkflow(
    ctx,
    {
      nodes: [
        n("start", "start"),
        n("ask", "wait_for_response", { has_timeout: true, timeout_seconds: 60 }),
        n("late", "set_variable", { variable_name: "t", variable_value: "1" }),
      ],
      edges: edges(["start", "ask"], ["ask", "late", "timeout"]),
    },
    { name: "bench timers" },
  );
  const version = await db().workflow.findUniqueOrThrow({
    where: { id: timerWf },
    select: { publishedVersionId: true, version: true },
  });
  const due = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000); // the start of a minute ≥ 1 min away
  const tArm = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < TIMERS; i += 500) {
    const batch = Array.from({ length: Math.min(500, TIMERS - i) }, () => randomUUID());
    ids.push(...batch);
    await db().$transaction(
      async (tx) => {
        await tx.workflowExecution.createMany({
          data: batch.map((id, j) => ({
            id,
            trackingId: randomUUID(),
            projectId: ctx.projectId,
            workflowId: timerWf,
            workflowVersionId: version.publishedVersionId!,
            version: version.version,
            status: "WAITING" as const,
            triggerType: "api_call",
            currentNodeId: "ask",
            stepCount: 1,
            // Spread over the minute, as waits armed at different times would be. The column is the
            // timer (the engine's timer loop fires it), as the wait step arms it.
            waitingUntil: new Date(due.getTime() + ((i + j) % 60_000)),
          })),
        });
      },
      { timeout: 120_000 },
    );
  }
  const [{ size }] = (
    await pool.query<{ size: string }>(`SELECT pg_total_relation_size('"WorkflowExecution"') AS size`)
  ).rows as [{ size: string }];
  const rows = (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "WorkflowExecution"`)).rows[0]?.n;
  console.log(
    `4. storage: ${rows} executions in ${(Number(size) / 1e6).toFixed(1)} MB (WorkflowExecution with indexes): ${Math.round(Number(size) / Number(rows))} bytes each; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB (nothing per waiting execution)`,
  );
  console.log(
    `3. ${TIMERS} timers armed in ${fmt(performance.now() - tArm)} ms, due from ${due.toISOString()} over one minute…`,
  );
  const heapBefore = process.memoryUsage().heapUsed;
  await startJobs({ jobs: engineJobs, workerLoops: engineLoops, loops: true });
  const lastDue = due.getTime() + 60_000;
  for (;;) {
    const c = await db().workflowExecution.count({
      where: { workflowId: timerWf, status: { not: "WAITING" } },
    });
    if (c === TIMERS) break;
    if (Date.now() > lastDue + 600_000) throw new Error(`only ${c} of ${TIMERS} timers fired`);
    await sleep(500);
  }
  // The resume clears waitingUntil: lateness is measured against the due time each timer was armed with.
  const dueOf = new Map(ids.map((id, k) => [id, due.getTime() + (k % 60_000)]));
  const fired = await pool.query<{ id: string; at: Date }>(
    `SELECT x.id, ev."createdAt" AS at FROM "WorkflowExecution" x
     JOIN "WorkflowExecutionEvent" ev ON ev."executionId" = x.id AND ev.type = 'execution_resumed'
     WHERE x."workflowId" = $1`,
    [timerWf],
  );
  const late = fired.rows.map((r) => new Date(r.at).getTime() - (dueOf.get(r.id) ?? 0));
  console.log(`   timer lateness (due → resumed): ${stats(late)} (budget ≤ 1000 ms at p99)`);
  console.log(
    `   heap while firing: ${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(0)} MB more`,
  );
  await stopJobs(5000);
  await pool.end();
}

try {
  await main();
} finally {
  const { closeDatabase } = await import("../lib/db/client");
  await closeDatabase().catch(() => {});
  await dropDatabase(name);
}
process.exit(0);
