import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { enqueueMany } from "@/lib/jobs/enqueue";
import { STEPS } from "../steps/registry";
import { definitionOf, EXECUTION_SELECT, type ExecRow } from "./execution-store";
import { nextNodeId, nodeById } from "./graph";
import { advanceJob } from "./jobs";
import { resumeTimedOut } from "./parked-mutations";

// Wait timers as rows: a waiting execution's "waitingUntil" is its timer (indexed where status is
// WAITING). `fireDueTimers` claims the due ones with FOR UPDATE SKIP LOCKED, so any number of worker
// processes share them and none fires twice, and resumes them set-based: one UPDATE … RETURNING with
// the events' INSERT per (version, step) group, and one INSERT of their runners' jobs. Whatever moves an
// execution out of its wait (a reply, an operator) clears "waitingUntil" in the same transaction, and the
// claim re-checks status and time under the row lock, so a reply that commits first always wins.

type Tx = Prisma.TransactionClient;

interface DueRow {
  id: string;
  workflowVersionId: string;
  currentNodeId: string | null;
  conversationId: string | null;
}

/** Fires up to `limit` due timers in one transaction; returns how many it claimed. */
export async function fireDueTimers(limit = 500): Promise<number> {
  return db().$transaction(
    async (tx) => {
      const now = new Date();
      const due = await tx.$queryRaw<DueRow[]>`
        SELECT id, "workflowVersionId", "currentNodeId", "conversationId" FROM "WorkflowExecution"
        WHERE status = 'WAITING' AND "waitingUntil" IS NOT NULL AND "waitingUntil" <= ${now}
        ORDER BY "waitingUntil" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (due.length === 0) return 0;
      const held = await repliesNotYetRouted(tx, due);
      if (held.length) {
        // A customer's message came in before the timer but the engine has not routed it yet (its worker
        // was down, or is busy): it wins. The timer looks again in a second.
        await tx.$executeRaw`
          UPDATE "WorkflowExecution" SET "waitingUntil" = ${new Date(now.getTime() + 1000)}
          WHERE id = ANY(${held.map((r) => r.id)})`;
      }
      const groups = new Map<string, DueRow[]>();
      for (const r of due) {
        if (held.includes(r)) continue;
        const key = `${r.workflowVersionId}\u0000${r.currentNodeId ?? ""}`;
        groups.set(key, [...(groups.get(key) ?? []), r]);
      }
      const running: string[] = [];
      for (const rows of groups.values()) running.push(...(await resumeGroup(tx, rows, now)));
      await enqueueMany(
        advanceJob,
        running.map((executionId) => ({ executionId })),
        tx,
      );
      return due.length;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** The soonest armed timer, or null. */
export async function nextTimerDue(): Promise<Date | null> {
  const [row] = await db().$queryRaw<{ at: Date | null }[]>`
    SELECT min("waitingUntil") AS at FROM "WorkflowExecution"
    WHERE status = 'WAITING' AND "waitingUntil" IS NOT NULL`;
  return row?.at ?? null;
}

async function repliesNotYetRouted(tx: Tx, rows: DueRow[]): Promise<DueRow[]> {
  const conversations = [...new Set(rows.map((r) => r.conversationId).filter((c): c is string => !!c))];
  if (conversations.length === 0) return [];
  const found = await tx.$queryRaw<{ c: string }[]>`
    SELECT DISTINCT d.payload->>'conversationId' AS c FROM "DomainEvent" d
    WHERE d.id > COALESCE((SELECT "lastId" FROM "EventCursor" WHERE subscriber = 'workflow-engine'), 0)
      AND d.type = 'whatsapp.message.received'
      AND d.payload->>'conversationId' = ANY(${conversations})`;
  const waiting = new Set(found.map((f) => f.c));
  return rows.filter((r) => r.conversationId && waiting.has(r.conversationId));
}

/**
 * Resumes the due waits of one step of one version by its timeout output. Returns the ids that go on
 * running (their runners are queued by the caller). A wait whose timeout leads nowhere ends one by one
 * (its end emits a domain event, and a called child returns to its caller).
 */
async function resumeGroup(tx: Tx, rows: DueRow[], now: Date): Promise<string[]> {
  const ids = rows.map((r) => r.id);
  const first = rows[0] as DueRow;
  const def = await definitionOf(first.workflowVersionId, tx);
  const node = nodeById(def, first.currentNodeId);
  const spec = node ? STEPS[node.data.node_type] : undefined;
  if (!node || !spec?.resume) {
    // Not parked at a step that can time out (a version without it): nothing to fire; disarm.
    await tx.$executeRaw`UPDATE "WorkflowExecution" SET "waitingUntil" = NULL WHERE id = ANY(${ids})`;
    return [];
  }
  const r = spec.resume(node.data.config as Record<string, unknown>, { reason: "timeout", input: null });
  const target = r.stay ? node.id : nextNodeId(def, node.id, r.output);
  if (!target) {
    for (const id of ids) {
      const exec = (await tx.workflowExecution.findUniqueOrThrow({
        where: { id },
        select: EXECUTION_SELECT,
      })) as ExecRow;
      await resumeTimedOut(tx, exec);
    }
    return [];
  }
  const kind = node.data.node_type;
  const setVars = r.setVars ?? {};
  // The events resumeAtWait writes, in order; `withVars` events carry the variables after the resume.
  const events = [
    { type: "execution_resumed", payload: { reason: "timeout" }, withVars: false },
    ...(r.setVars
      ? [{ type: "variables_set", payload: { names: Object.keys(r.setVars) }, withVars: true }]
      : []),
    { type: "step_completed", payload: { output: r.output, resume_reason: "timeout" }, withVars: true },
  ].map((e, ord) => ({ ...e, ord }));
  const lastResume = JSON.stringify({ last_resume: { reason: "timeout", at: now.toISOString() } });
  const moved = await tx.$queryRaw<{ id: string }[]>`
    WITH moved AS (
      UPDATE "WorkflowExecution" SET
        status = 'RUNNING', "currentNodeId" = ${target},
        vars = vars || ${JSON.stringify(setVars)}::jsonb,
        system = system || ${lastResume}::jsonb,
        "waitingUntil" = NULL, "stepCount" = "stepCount" + 1, "updatedAt" = ${now}
      WHERE id = ANY(${ids}) AND status = 'WAITING'
      RETURNING id, "projectId", "stepCount", vars
    ), ev AS (
      INSERT INTO "WorkflowExecutionEvent"
        ("projectId", "executionId", type, "stepCount", "nodeId", "nodeType", payload, vars, "createdAt")
      SELECT m."projectId", m.id, e.type, m."stepCount", ${node.id}, ${kind}, e.payload,
             CASE WHEN e."withVars" THEN m.vars END, ${now}
      FROM moved m
      CROSS JOIN jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        AS e(type text, payload jsonb, "withVars" boolean, ord int)
      ORDER BY m.id, e.ord
    )
    SELECT id FROM moved`;
  return moved.map((m) => m.id);
}
