// The dispatch horizon waits for older transactions of its own database only: event ids come from this
// database's sequence, so a transaction left open in another database of the cluster (another app, a test
// run, a benchmark) must not hold this database's events back.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { SINK_DDL, sinkSubscriber } from "@/lib/testing/event-sink";
import { dispatchPending } from "./dispatcher";
import { emit } from "./outbox";

const uid = () => randomBytes(4).toString("hex");

beforeAll(async () => {
  await db().$executeRawUnsafe(SINK_DDL);
});

async function received(subscriber: string, projectId: string) {
  return db().$queryRaw<{ n: number }[]>`
    SELECT n FROM test_event_sink WHERE subscriber = ${subscriber} AND project_id = ${projectId} ORDER BY seq`;
}

describe("the dispatch horizon", () => {
  it("does not wait for an open transaction of another database, and still waits for one of its own", async () => {
    const sub = sinkSubscriber(`test-${uid()}`);
    await dispatchPending({ subscribers: [sub] });
    const projectId = `p-${uid()}`;

    // A transaction with an xid, older than the event, left open in another database of the cluster.
    const other = new URL(process.env.DATABASE_URL as string);
    other.pathname = "/postgres";
    const elsewhere = new pg.Client({ connectionString: other.toString() });
    await elsewhere.connect();
    try {
      await elsewhere.query("BEGIN");
      await elsewhere.query("SELECT pg_current_xact_id()");
      await db().$transaction(async (tx) => {
        await emit(tx, projectId, "conversation.reopened", {
          conversationId: "c1",
          phoneNumberId: "pn",
          n: 1,
        });
      });
      const r = await dispatchPending({ subscribers: [sub], settleMs: 0 });
      expect(r.waiting).toBe(false);
      expect(await received(sub.name, projectId)).toEqual([{ n: 1 }]);
    } finally {
      await elsewhere.query("ROLLBACK").catch(() => {});
      await elsewhere.end();
    }

    // The same in this database: the horizon waits (the open transaction may hold a lower id).
    const here = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await here.connect();
    try {
      await here.query("BEGIN");
      await here.query("SELECT pg_current_xact_id()");
      await db().$transaction(async (tx) => {
        await emit(tx, projectId, "conversation.reopened", {
          conversationId: "c1",
          phoneNumberId: "pn",
          n: 2,
        });
      });
      const r = await dispatchPending({ subscribers: [sub], settleMs: 0 });
      expect(r.waiting).toBe(true);
      expect(await received(sub.name, projectId)).toEqual([{ n: 1 }]);
    } finally {
      await here.query("ROLLBACK").catch(() => {});
      await here.end();
    }
    await dispatchPending({ subscribers: [sub], settleMs: 2000 });
    expect(await received(sub.name, projectId)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
