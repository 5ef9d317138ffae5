import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { exited, spawnTs, waitForOutput } from "@/lib/testing/child";
import { SINK_DDL, sinkSubscriber } from "@/lib/testing/event-sink";
import { makeNumber, makeProject } from "@/prisma/factories";
import { parseEventPayload } from "./catalogue";
import { dispatchPending } from "./dispatcher";
import { emit } from "./outbox";

const uid = () => randomBytes(4).toString("hex");
const CHILD = "lib/testing/dispatch-child.ts";

beforeAll(async () => {
  await db().$executeRawUnsafe(SINK_DDL);
});

/** Registers a fresh subscriber (its cursor starts now) and returns it. */
async function freshSubscriber() {
  const sub = sinkSubscriber(`test-${uid()}`);
  await dispatchPending({ subscribers: [sub] });
  return sub;
}

async function emitOne(projectId: string, conversationId: string, n: number) {
  await db().$transaction(async (tx) => {
    await emit(tx, projectId, "conversation.reopened", { conversationId, phoneNumberId: "pn", n });
  });
}

/** What a subscriber recorded for one project's events (it sees every project's). */
async function sink(subscriber: string, projectId: string) {
  return db().$queryRaw<{ event_id: bigint; conversation: string; n: number; pid: number }[]>`
    SELECT event_id, conversation, n, pid FROM test_event_sink
    WHERE subscriber = ${subscriber} AND project_id = ${projectId} ORDER BY seq`;
}

describe("event dispatch", () => {
  it("hands each event to a subscriber exactly once, in order per conversation, with two dispatcher processes", async () => {
    const sub = await freshSubscriber();
    const projectId = `p-${uid()}`;
    const a = spawnTs(CHILD, ["loop", sub.name, "6000"]);
    const b = spawnTs(CHILD, ["loop", sub.name, "6000"]);
    await Promise.all([waitForOutput(a, "READY"), waitForOutput(b, "READY")]);

    // Eight conversations written concurrently, each by its own sequence of transactions; some hold
    // their transaction open a little after taking an id, so ids commit out of order.
    const conversations = Array.from({ length: 8 }, (_, i) => `c${i}-${uid()}`);
    const perConversation = 15;
    await Promise.all(
      conversations.map(async (c, ci) => {
        for (let n = 0; n < perConversation; n++) {
          await db().$transaction(async (tx) => {
            await emit(tx, projectId, "conversation.reopened", { conversationId: c, phoneNumberId: "pn", n });
            if ((n + ci) % 3 === 0) await tx.$executeRaw`SELECT pg_sleep(0.02)`;
          });
        }
      }),
    );
    await Promise.all([exited(a), exited(b)]);
    expect(a.exitCode, a.output()).toBe(0);
    expect(b.exitCode, b.output()).toBe(0);

    const rows = await sink(sub.name, projectId);
    const ids = await db().domainEvent.findMany({ where: { projectId }, select: { id: true } });
    expect(ids).toHaveLength(conversations.length * perConversation);
    // Exactly once: every event id once, nothing else.
    expect(rows.map((r) => r.event_id).sort()).toEqual(ids.map((r) => r.id).sort());
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    // In order: each conversation's events arrive in the order they were written.
    for (const c of conversations) {
      expect(rows.filter((r) => r.conversation === c).map((r) => r.n)).toEqual(
        Array.from({ length: perConversation }, (_, n) => n),
      );
    }
    // Both processes did part of the work (the cursor lock hands batches to whoever holds it).
    expect(new Set(rows.map((r) => r.pid)).size).toBe(2);
  }, 60_000);

  it("loses and duplicates nothing when a dispatcher is killed between handling and commit", async () => {
    const sub = await freshSubscriber();
    const projectId = `p-${uid()}`;
    for (let n = 0; n < 5; n++) await emitOne(projectId, "c-kill", n);

    const child = spawnTs(CHILD, ["hang", sub.name]);
    await waitForOutput(child, "HANDLED");
    child.kill("SIGKILL");
    await exited(child);
    // The killed process's work was never committed.
    expect(await sink(sub.name, projectId)).toEqual([]);

    for (let n = 5; n < 8; n++) await emitOne(projectId, "c-kill", n);
    await dispatchPending({ subscribers: [sub] });
    const rows = await sink(sub.name, projectId);
    expect(rows.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(rows.every((r) => r.pid === process.pid)).toBe(true);
  }, 60_000);

  it("never skips a lower id that commits after a higher one", async () => {
    const sub = await freshSubscriber();
    const projectId = `p-${uid()}`;
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let tookId!: () => void;
    const idTaken = new Promise<void>((r) => {
      tookId = r;
    });
    // Transaction A takes the lower id and stays open.
    const a = db().$transaction(
      async (tx) => {
        await emit(tx, projectId, "conversation.reopened", {
          conversationId: "c-gap",
          phoneNumberId: "pn",
          n: 0,
        });
        tookId();
        await held;
      },
      { timeout: 30_000 },
    );
    await idTaken;
    // Transaction B takes a higher id and commits first.
    await emitOne(projectId, "c-gap", 1);

    const first = await dispatchPending({ subscribers: [sub], settleMs: 300 });
    expect(first.waiting).toBe(true);
    expect(await sink(sub.name, projectId)).toEqual([]);

    release();
    await a;
    await dispatchPending({ subscribers: [sub] });
    expect((await sink(sub.name, projectId)).map((r) => r.n)).toEqual([0, 1]);
  });

  it("wakes a dispatcher in another process by NOTIFY, without waiting for its poll", async () => {
    const sub = await freshSubscriber();
    const projectId = `p-${uid()}`;
    const child = spawnTs(CHILD, ["listen", sub.name]);
    try {
      await waitForOutput(child, "READY");
      const latencies: number[] = [];
      for (let n = 0; n < 10; n++) {
        const t = performance.now();
        await emitOne(projectId, "c-notify", n);
        // Its poll is a minute apart, so only the notification can deliver within the timeout. (The first
        // also waits for the child's first queries.)
        await expect
          .poll(async () => (await sink(sub.name, projectId)).length, {
            interval: 5,
            timeout: 15_000,
          })
          .toBe(n + 1);
        if (n > 0) latencies.push(performance.now() - t);
      }
      const sorted = [...latencies].sort((x, y) => x - y);
      console.log(
        `[events] commit → handled in another process: median ${Math.round(sorted[4] ?? 0)} ms, max ${Math.round(sorted[8] ?? 0)} ms`,
      );
      expect((await sink(sub.name, projectId)).map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      child.kill("SIGKILL");
      await exited(child);
    }
  }, 60_000);

  it("a failing subscriber retries its batch without holding others back", async () => {
    const good = await freshSubscriber();
    let fail = true;
    const flaky = {
      name: `test-flaky-${uid()}`,
      async handle(tx: Parameters<typeof good.handle>[0], events: Parameters<typeof good.handle>[1]) {
        await sinkSubscriber(this.name).handle(tx, events);
        if (fail) throw new Error("subscriber down");
      },
    };
    await dispatchPending({ subscribers: [flaky] });
    const projectId = `p-${uid()}`;
    await emitOne(projectId, "c-flaky", 0);
    await dispatchPending({ subscribers: [good, flaky] });
    expect((await sink(good.name, projectId)).map((r) => r.n)).toEqual([0]);
    expect(await sink(flaky.name, projectId)).toEqual([]);
    fail = false;
    await dispatchPending({ subscribers: [good, flaky] });
    expect((await sink(good.name, projectId)).map((r) => r.n)).toEqual([0]);
    expect((await sink(flaky.name, projectId)).map((r) => r.n)).toEqual([0]);
  });

  it("emit refuses a payload the catalogue does not allow, and its transaction writes nothing", async () => {
    const projectId = `p-${uid()}`;
    await expect(
      db().$transaction(async (tx) => {
        await tx.domainEvent.count();
        // @ts-expect-error conversationId is required
        await emit(tx, projectId, "conversation.reopened", { phoneNumberId: "pn" });
      }),
    ).rejects.toThrow(/conversationId/);
    expect(await db().domainEvent.count({ where: { projectId } })).toBe(0);
  });

  it("the ingest SQL functions write payloads the catalogue accepts", async () => {
    const ctx = await makeProject();
    const n = await makeNumber(ctx);
    const number = await db().phoneNumber.findFirstOrThrow({ where: { phoneNumberId: n.phoneNumberId } });
    await db().$queryRaw`SELECT sb_ingest_message(${ctx.projectId}, ${number.id}, ${`wamid.${uid()}`}, 'text',
      '{"body":"hi"}'::jsonb, NULL, now()::timestamp(3), ${"15550001111"}, NULL, 'Ana', true)`;
    const events = await db().domainEvent.findMany({
      where: {
        projectId: ctx.projectId,
        type: { in: ["whatsapp.message.received", "whatsapp.conversation.created"] },
      },
    });
    expect(events.map((e) => e.type).sort()).toEqual([
      "whatsapp.conversation.created",
      "whatsapp.message.received",
    ]);
    for (const e of events) expect(() => parseEventPayload(e.type as never, e.payload)).not.toThrow();
  });
});
