import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pruneApiLogsJob } from "@/lib/api-logs/jobs";
import { pruneApiLogs } from "@/lib/api-logs/retention-mutations";
import { pruneAuditLog } from "@/lib/audit/retention-mutations";
import { JOBS } from "@/lib/boot/platform";
import { db } from "@/lib/db/client";
import { dispatchPending } from "@/lib/events/dispatcher";
import { pruneDomainEvents } from "@/lib/events/retention-mutations";
import { pruneWebhookEvents } from "@/lib/ingest/retention-mutations";
import { pruneWorkflowVersions } from "@/lib/workflows/retention-mutations";
import { makeProject } from "@/prisma/factories";

// Each prune runs over the whole table, so these tests date their rows far in the past and check that
// exactly their own old rows went; everything other tests write is recent.
const uid = () => randomBytes(4).toString("hex");
const DAY = 86_400_000;
const longAgo = (days: number) => new Date(Date.now() - days * DAY);

describe("retention", () => {
  it("deletes settled webhook events past the limit, never pending ones", async () => {
    const tag = uid();
    const row = (status: "PENDING" | "PROCESSED" | "ORPHAN" | "FAILED", days: number) => ({
      body: { tag },
      status,
      receivedAt: longAgo(days),
    });
    await db().webhookEvent.createMany({
      data: [
        row("PROCESSED", 30),
        row("ORPHAN", 30),
        row("FAILED", 30),
        row("PENDING", 30),
        row("PROCESSED", 1),
      ],
    });
    await pruneWebhookEvents(7);
    const left = await db().webhookEvent.findMany({
      where: { body: { path: ["tag"], equals: tag } },
      select: { status: true },
    });
    expect(left.map((r) => r.status).sort()).toEqual(["PENDING", "PROCESSED"]);
  });

  it("deletes audit entries past the limit", async () => {
    const ctx = await makeProject();
    await db().auditLog.createMany({
      data: [
        { projectId: ctx.projectId, action: "old", targetType: "t", createdAt: longAgo(400) },
        { projectId: ctx.projectId, action: "recent", targetType: "t", createdAt: longAgo(10) },
      ],
    });
    await pruneAuditLog(365);
    const left = await db().auditLog.findMany({
      where: { projectId: ctx.projectId, action: { in: ["old", "recent"] } },
      select: { action: true },
    });
    expect(left.map((r) => r.action)).toEqual(["recent"]);
  });

  it("keeps each workflow's current version and the latest N", async () => {
    const ctx = await makeProject();
    const wf = await db().workflow.create({
      data: { projectId: ctx.projectId, name: "w", definition: {}, version: 7 },
      select: { id: true },
    });
    await db().workflowVersion.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({
        projectId: ctx.projectId,
        workflowId: wf.id,
        version: i + 1,
        definition: {},
      })),
    });
    await pruneWorkflowVersions(3);
    const left = await db().workflowVersion.findMany({
      where: { workflowId: wf.id },
      select: { version: true },
      orderBy: { version: "asc" },
    });
    expect(left.map((v) => v.version)).toEqual([5, 6, 7]);
  });

  it("deletes old domain events only once every subscriber has handled them", async () => {
    const projectId = `p-${uid()}`;
    const make = (days: number, n: number) =>
      db().domainEvent.create({
        data: {
          projectId,
          type: "conversation.reopened",
          payload: { conversationId: "c", phoneNumberId: "pn", n },
          createdAt: longAgo(days),
        },
        select: { id: true },
      });
    const a = await make(30, 0);
    const b = await make(30, 1);
    const c = await make(1, 2);
    await dispatchPending({ subscribers: [] });
    const names = [`ret-${uid()}`, `ret-${uid()}`];
    // One subscriber has handled everything; the other is still at `a`.
    await db().eventCursor.createMany({
      data: [
        { subscriber: names[0] as string, lastId: c.id },
        { subscriber: names[1] as string, lastId: a.id },
      ],
    });
    await pruneDomainEvents(names, 7);
    const left = await db().domainEvent.findMany({
      where: { projectId },
      select: { id: true },
      orderBy: { id: "asc" },
    });
    expect(left.map((e) => e.id)).toEqual([b.id, c.id]);
    // Once the slow one catches up, the old one goes too; the recent one stays (too young).
    await db().eventCursor.update({ where: { subscriber: names[1] as string }, data: { lastId: c.id } });
    await pruneDomainEvents(names, 7);
    const after = await db().domainEvent.findMany({ where: { projectId }, select: { id: true } });
    expect(after.map((e) => e.id)).toEqual([c.id]);
  });

  it("deletes API-log rows past the limit in every project, and the daily job does it at 30 days", async () => {
    const a = await makeProject();
    const b = await makeProject();
    const row = (projectId: string, endpoint: string, days: number) => ({
      id: `al-${uid()}`,
      projectId,
      method: "GET",
      endpoint,
      statusCode: 200,
      latencyMs: 3,
      createdAt: longAgo(days),
    });
    await db().apiLog.createMany({
      data: [
        row(a.projectId, "/a/old", 40),
        row(a.projectId, "/a/month", 20),
        row(a.projectId, "/a/new", 0),
        row(b.projectId, "/b/old", 31),
        row(b.projectId, "/b/new", 1),
      ],
    });
    const left = async () =>
      (
        await db().apiLog.findMany({
          where: { projectId: { in: [a.projectId, b.projectId] } },
          select: { endpoint: true },
        })
      )
        .map((r) => r.endpoint)
        .sort();
    // The job, as the runtime runs it (API_LOG_RETENTION_DAYS defaults to 30).
    expect(JOBS).toContain(pruneApiLogsJob);
    expect(pruneApiLogsJob.schedule).toBeDefined();
    expect(await pruneApiLogsJob.run({}, { jobId: "t", retryCount: 0 })).toBeGreaterThanOrEqual(2);
    expect(await left()).toEqual(["/a/month", "/a/new", "/b/new"]);
    // A shorter limit takes the 20-day-old row too.
    await pruneApiLogs(7);
    expect(await left()).toEqual(["/a/new", "/b/new"]);
  });
});
