import "@/lib/server-only";
import { db, dbInfra } from "@/lib/db/client";
import { type EventRow, registeredSubscribers, type Subscriber } from "./subscribers";

// Hands committed outbox events to every subscriber, exactly once each, in id order.
//
// Ids are taken from a sequence, so id 9 can commit after id 10. sb_event_horizon() (see its migration)
// advances a shared "safe id" below which every id is final; each subscriber then reads
// (its cursor, safe id] in id order, does its durable work and moves its cursor in one transaction, with
// its cursor row locked so two processes never hand it the same batch. A kill -9 before that commit
// rolls back both the work and the cursor move, so the batch is handed over again, once.

export interface DispatchResult {
  /** Events handed to subscribers (counted once per subscriber). */
  handled: number;
  /** Ids beyond the safe horizon exist: a transaction older than them is still running. */
  waiting: boolean;
}

interface Horizon {
  safeId: bigint;
  waiting: boolean;
}

async function advanceHorizon(): Promise<Horizon> {
  const [row] = await db().$queryRaw<
    { safe_id: bigint; waiting: boolean }[]
  >`SELECT * FROM sb_event_horizon()`;
  return { safeId: BigInt(row?.safe_id ?? 0), waiting: !!row?.waiting };
}

/** One batch for one subscriber; returns how many events it handled. */
async function runBatch(sub: Subscriber, safeId: bigint, batch: number): Promise<number> {
  let after: (() => void | Promise<void>) | undefined;
  const n = await db().$transaction(
    async (tx) => {
      const lock = () =>
        tx.$queryRaw<{ lastId: bigint }[]>`
          SELECT "lastId" FROM "EventCursor" WHERE subscriber = ${sub.name} FOR UPDATE`;
      let [cursor] = await lock();
      if (!cursor) {
        // A new subscriber starts at the horizon: it sees what commits from now on, not the history.
        await tx.$executeRaw`
          INSERT INTO "EventCursor" (subscriber, "lastId") VALUES (${sub.name}, ${safeId})
          ON CONFLICT (subscriber) DO NOTHING`;
        [cursor] = await lock();
      }
      const lastId = BigInt(cursor?.lastId ?? safeId);
      if (lastId >= safeId) return 0;
      const rows = await tx.$queryRaw<EventRow[]>`
        SELECT id, "projectId", type, payload, "createdAt" FROM "DomainEvent"
        WHERE id > ${lastId} AND id <= ${safeId} ORDER BY id LIMIT ${batch}`;
      // Every id up to the horizon is final, so a short read means the whole range is done (the gaps are
      // rolled-back transactions).
      const upTo = rows.length === batch ? (rows[rows.length - 1] as EventRow).id : safeId;
      if (rows.length > 0) after = (await sub.handle(tx, rows)) ?? undefined;
      await tx.$executeRaw`
        UPDATE "EventCursor" SET "lastId" = ${upTo}, "updatedAt" = now() WHERE subscriber = ${sub.name}`;
      return rows.length;
    },
    // Another process may hold this subscriber's cursor for the length of its batch.
    { maxWait: 10_000, timeout: 60_000 },
  );
  if (after) {
    try {
      await after();
    } catch (e) {
      console.error(`[events] ${sub.name}: after-commit step failed:`, (e as Error).message);
    }
  }
  return n;
}

/** Drains one subscriber up to the horizon; a failing subscriber is retried later without blocking others. */
async function drain(sub: Subscriber, safeId: bigint, batch: number): Promise<number> {
  let total = 0;
  try {
    for (;;) {
      const n = await runBatch(sub, safeId, batch);
      total += n;
      if (n < batch) return total;
    }
  } catch (e) {
    console.error(`[events] subscriber ${sub.name} failed:`, (e as Error).message);
    return total;
  }
}

export interface DispatchOptions {
  subscribers?: readonly Subscriber[];
  batch?: number;
  /** How long to keep retrying while older transactions hold the horizon back (0: one round). */
  settleMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Advances the horizon and hands every subscriber what lies below it. With `settleMs`, retries while an
 * older transaction is still running, so everything committed before the call is delivered on return.
 */
export async function dispatchPending(options: DispatchOptions = {}): Promise<DispatchResult> {
  const subscribers = options.subscribers ?? registeredSubscribers();
  const batch = options.batch ?? 500;
  const deadline = Date.now() + (options.settleMs ?? 5_000);
  let handled = 0;
  let pause = 2;
  for (;;) {
    const h = await advanceHorizon();
    const counts = await Promise.all(subscribers.map((s) => drain(s, h.safeId, batch)));
    handled += counts.reduce((a, b) => a + b, 0);
    if (!h.waiting || Date.now() >= deadline) return { handled, waiting: h.waiting };
    await sleep(pause);
    pause = Math.min(pause * 2, 100);
  }
}

// Wake-up. The hot path calls wakeDispatcher() right after its commit; other processes hear the
// DomainEvent trigger's NOTIFY; polling only catches what a crash or a lost connection missed.
let running: Promise<void> | null = null;
// The subscribers the loop serves (tests start it with their own); undefined: the registry.
let loopSubscribers: readonly Subscriber[] | undefined;
let waitingSince: number | undefined;
let again = false;
let retry: NodeJS.Timeout | undefined;
let halted = false;

export function wakeDispatcher(): void {
  if (halted) return;
  if (running) {
    again = true;
    return;
  }
  clearTimeout(retry);
  retry = undefined;
  running = (async () => {
    let waiting = false;
    do {
      again = false;
      try {
        waiting = (await dispatchPending({ subscribers: loopSubscribers, settleMs: 1_000 })).waiting;
      } catch (e) {
        console.error("[events] dispatch failed:", (e as Error).message);
      }
    } while (again);
    // A long transaction older than the newest events: look again soon rather than at the next poll.
    if (waiting) retry = setTimeout(wakeDispatcher, 50).unref();
    reportStall(waiting);
  })().finally(() => {
    running = null;
  });
}

/**
 * The horizon waits for every transaction older than the newest events, in the whole PostgreSQL cluster.
 * One left open (an idle-in-transaction session) holds dispatch back: say so instead of going quiet.
 */
function reportStall(waiting: boolean): void {
  if (!waiting) {
    waitingSince = undefined;
    return;
  }
  waitingSince ??= Date.now();
  if (Date.now() - waitingSince < 10_000) return;
  waitingSince = Date.now();
  void db().$queryRaw<{ pid: number; datname: string | null; state: string | null; age: string }[]>`
      SELECT pid, datname, state, (now() - xact_start)::text AS age FROM pg_stat_activity
      WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() ORDER BY xact_start LIMIT 1`
    .then(([t]) =>
      console.warn(
        `[events] dispatch has waited over 10 s for an older transaction to finish${t ? ` (pid ${t.pid}, database ${t.datname}, ${t.state}, open for ${t.age})` : ""}`,
      ),
    )
    .catch(() => {});
}

/** Resolves when the in-process dispatcher is idle (tests, shutdown). */
export async function dispatcherIdle(): Promise<void> {
  while (running) await running;
}

/**
 * Before the database closes (shutdown, the end of a test file): no new dispatch starts and the one in
 * flight finishes, so none is cut off mid-transaction. Undelivered events wait for the next process.
 */
export async function haltDispatcher(): Promise<void> {
  halted = true;
  clearTimeout(retry);
  await dispatcherIdle();
}

const CHANNEL = "sb_domain_events";

/** Starts the safety-net poll and the cross-process wake-up; returns a stop function. */
export async function startDispatcherLoop(
  options: { intervalMs?: number; subscribers?: readonly Subscriber[] } = {},
): Promise<() => Promise<void>> {
  const intervalMs = options.intervalMs ?? 1000;
  loopSubscribers = options.subscribers;
  const infra = dbInfra();
  const stops: (() => Promise<void> | void)[] = [];
  if (infra.pglite) {
    // One in-process database: its notifications reach this process only, which is all there is.
    const unlisten = await infra.pglite.listen(CHANNEL, () => wakeDispatcher());
    stops.push(unlisten);
  } else if (infra.pool) {
    stops.push(await listenForEvents());
  }
  const t = setInterval(wakeDispatcher, intervalMs);
  t.unref();
  stops.push(() => clearInterval(t));
  wakeDispatcher();
  return async () => {
    for (const stop of stops) await stop();
    clearTimeout(retry);
    await dispatcherIdle();
  };
}

/** LISTEN on a connection of its own (a pooled one would be handed to queries); reconnects on loss. */
async function listenForEvents(): Promise<() => Promise<void>> {
  const pg = (await import("pg")).default;
  const { env } = await import("@/lib/env");
  let client: InstanceType<typeof pg.Client> | undefined;
  let stopped = false;
  let reconnect: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: env().DATABASE_URL, connectionTimeoutMillis: 3000 });
    c.on("notification", () => wakeDispatcher());
    c.on("error", (e) => {
      console.error("[events] listen connection lost:", e.message);
      c.end().catch(() => {});
      if (client === c) client = undefined;
      if (!stopped) reconnect = setTimeout(() => void connect(), 1000).unref();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
      client = c;
      // Anything committed while this connection was down.
      wakeDispatcher();
    } catch (e) {
      console.error("[events] listen failed:", (e as Error).message);
      c.end().catch(() => {});
      if (!stopped) reconnect = setTimeout(() => void connect(), 1000).unref();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(reconnect);
    await client?.end().catch(() => {});
  };
}
