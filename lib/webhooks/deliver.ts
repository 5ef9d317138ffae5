import "@/lib/server-only";
import { isRetryableConflict } from "@/lib/db/conflict";
import { EgressError, egressFetch } from "@/lib/egress/fetch";
import {
  type ClaimedDelivery,
  claimDeliveries,
  type DeliveryResult,
  dueDeliveries,
  LEASE_MS,
  openSecret,
  renewLeases,
  UNREADABLE_SECRET,
} from "./delivery-store";
import { DELIVERY_TIMEOUT_MS, RESPONSE_KEEP_BYTES } from "./events";
import { notifyPaused } from "./notify";
import { allSucceeded, type RecordOutcome, recordResults, recordSucceeded } from "./record-store";
import { signBody } from "./signature";

// Posting (spec §1.3): JSON with the Kapso headers, signed, 10 s to answer, 2xx or it is retried. Message
// events of one conversation go one after another; everything else in parallel (up to PARALLEL per process).

const PARALLEL = 64;

/** The headers of one attempt (the signature is over the exact body bytes). */
export function deliveryHeaders(d: ClaimedDelivery, secret: string | null): Record<string, string> {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.customHeaders)) h[k] = String(v);
  h["content-type"] = "application/json";
  h["user-agent"] = "Switchboard-Webhooks/1";
  h["x-idempotency-key"] = d.idempotencyKey;
  if (d.kind === "kapso") {
    h["x-webhook-event"] = d.eventType;
    h["x-webhook-payload-version"] = d.payloadVersion;
    if (d.batchSize !== null) {
      h["x-webhook-batch"] = "true";
      h["x-batch-size"] = String(d.batchSize);
    }
  }
  if (secret !== null) h["x-webhook-signature"] = signBody(secret, d.body);
  return h;
}

export async function postOne(d: ClaimedDelivery): Promise<DeliveryResult> {
  // Opened here, per webhook: a secret sealed under another ENCRYPTION_KEY fails this delivery (with the
  // reason in its log), not the dispatch batch that also carries every other project's events.
  const secret = openSecret(d.secretEnc);
  const headers = deliveryHeaders(d, secret);
  const started = performance.now();
  if (secret === null)
    return {
      delivery: d,
      ok: false,
      statusCode: null,
      latencyMs: 0,
      error: UNREADABLE_SECRET,
      requestHeaders: redact(headers),
      responseBody: null,
    };
  try {
    const res = await egressFetch(d.url, {
      method: "POST",
      headers,
      body: d.body,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      maxResponseBytes: RESPONSE_KEEP_BYTES,
      truncate: true,
    });
    const ok = res.status >= 200 && res.status < 300;
    return {
      delivery: d,
      ok,
      statusCode: res.status,
      latencyMs: Math.round(performance.now() - started),
      error: ok ? null : `HTTP ${res.status}`,
      requestHeaders: redact(headers),
      // PostgreSQL text cannot hold a NUL byte: one in a receiver's answer failed the whole recording
      // batch (every webhook's results in it), so its deliveries were posted again at each lease's end.
      responseBody: res.text().replaceAll("\u0000", "") + (res.truncated ? "…" : ""),
    };
  } catch (e) {
    const message = e instanceof EgressError ? `${e.code}: ${e.message}` : (e as Error).message;
    return {
      delivery: d,
      ok: false,
      statusCode: null,
      latencyMs: Math.round(performance.now() - started),
      error: message.slice(0, 500),
      requestHeaders: redact(headers),
      responseBody: null,
      final: e instanceof EgressError && (e.code === "blocked_address" || e.code === "invalid_url"),
    };
  }
}

// Header names seen, and whether their values are kept out of the log (asked once per name, not per post).
const secretNames = new Map<string, boolean>();
function isSecretHeader(k: string): boolean {
  let secret = secretNames.get(k);
  if (secret === undefined) {
    secret =
      /authorization|token|key|secret|cookie/i.test(k) &&
      !k.startsWith("x-idempotency") &&
      k !== "x-webhook-signature";
    if (secretNames.size >= 1000) secretNames.clear();
    secretNames.set(k, secret);
  }
  return secret;
}

/**
 * Custom headers may carry a receiver's credentials: the log keeps their names, not their values. The
 * headers themselves when there is nothing to hide (the usual case; nobody changes them after the post).
 */
function redact(h: Record<string, string>): Record<string, string> {
  const keys = Object.keys(h);
  if (!keys.some(isSecretHeader)) return h;
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = isSecretHeader(k) ? "[redacted]" : (h[k] as string);
  return out;
}

// ---- in-process work tracking (tests and shutdown wait for it) ----
const inflight = new Set<Promise<unknown>>();
function track<T>(p: Promise<T>): Promise<T> {
  inflight.add(p);
  void p.finally(() => inflight.delete(p)).catch(() => {});
  return p;
}

/** Resolves when this process has no delivery in progress. */
export async function webhookDeliveriesIdle(): Promise<void> {
  while (inflight.size > 0) await Promise.allSettled([...inflight]);
}

// ---- a small semaphore ----
let active = 0;
const queue: (() => void)[] = [];
async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (active >= PARALLEL) await new Promise<void>((r) => queue.push(r));
  active++;
  try {
    return await f();
  } finally {
    active--;
    queue.shift()?.();
  }
}

// ---- batched recording ----
let pending: DeliveryResult[] = [];
let waiters: ((o: RecordOutcome) => void)[] = [];
let failers: ((e: unknown) => void)[] = [];
let timer: NodeJS.Timeout | undefined;

function flushResults(): void {
  timer = undefined;
  const batch = pending;
  const ok = waiters;
  const ko = failers;
  pending = [];
  waiters = [];
  failers = [];
  const write = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await (allSucceeded(batch) ? recordSucceeded(batch) : recordResults(batch));
      } catch (e) {
        if (attempt >= 3 || !isRetryableConflict(e)) throw e;
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
      }
    }
  };
  write().then(
    (o) => {
      for (const w of ok) w(o);
      after(o);
    },
    (e) => {
      console.error("[webhooks] recording results failed:", (e as Error).message);
      for (const f of ko) f(e);
    },
  );
}

/**
 * Queues a result for the next recording batch (at most 200, or 15 ms). A batch that cannot be written
 * leaves its deliveries leased without a result, so the lease timer posts them again (the receiver can
 * drop the repeat by its key). The promise is marked handled at once: its chain awaits it only after its
 * last post, and a recording that failed before that must not take the process down as an unhandled
 * rejection (a deadlock under a restart's load once killed the worker that way, and nothing delivered).
 */
function record(r: DeliveryResult): Promise<RecordOutcome> {
  const p = new Promise<RecordOutcome>((resolve, reject) => {
    pending.push(r);
    waiters.push(resolve);
    failers.push(reject);
    if (pending.length >= 200) {
      clearTimeout(timer);
      flushResults();
    } else timer ??= setTimeout(flushResults, 15);
  });
  p.catch(() => {});
  return p;
}

function after(o: RecordOutcome): void {
  for (const p of o.paused)
    void notifyPaused(p).catch((e) => console.error("[webhooks] pause notice:", (e as Error).message));
  if (o.successors.length > 0)
    void deliverIds(o.successors).catch((e) => console.error("[webhooks]", (e as Error).message));
}

/**
 * Per (webhook, conversation), this process's ordered posts: `posted` resolves, once the last post of the
 * chain has an answer, to whether it succeeded (the next message goes after it: order is about what the
 * receiver sees, so it need not wait for the database); `recorded` once every result is recorded. The
 * chain stays listed until then, so a message dispatched meanwhile, whose predecessor the database still
 * shows pending, joins it instead of waiting out the order gap.
 */
interface Chain {
  posted: Promise<boolean>;
  recorded: Promise<void>;
}
const localChains = new Map<string, Chain>();

export function chainKey(webhookId: string, conversationId: string): string {
  return `${webhookId}\u0000${conversationId}`;
}

/** The tails of this process's chains among `keys` right now (see the subscriber). */
export function localTails(keys: string[]): Map<string, Promise<boolean>> {
  const out = new Map<string, Promise<boolean>>();
  for (const k of keys) {
    const t = localChains.get(k);
    if (t) out.set(k, t.posted);
  }
  return out;
}

/**
 * Posts claimed rows. `after`: chain tails the caller saw when it decided these rows need not wait; a row
 * goes after the tail of its chain (the current one, or the one the caller saw if that has finished since).
 */
export function deliverClaimed(
  rows: ClaimedDelivery[],
  after?: Map<string, Promise<boolean>>,
): Promise<number> {
  return track(
    (async () => {
      const chains = new Map<string, ClaimedDelivery[]>();
      const singles: ClaimedDelivery[] = [];
      for (const r of rows) {
        if (r.conversationId && r.eventType.startsWith("whatsapp.message.")) {
          const k = chainKey(r.webhookId, r.conversationId);
          const c = chains.get(k);
          if (c) c.push(r);
          else chains.set(k, [r]);
        } else singles.push(r);
      }
      const released: string[] = [];
      const records: Promise<unknown>[] = [];
      let delivered = 0;
      // Leases of what has not started yet are renewed while this process works through the batch.
      const waiting = new Map(rows.map((r) => [r.id, r]));
      let renewing = false;
      const renew = setInterval(() => {
        if (renewing || waiting.size === 0) return;
        renewing = true;
        const held = [...waiting.values()].map((d) => ({ id: d.id, leaseUntil: d.leaseUntil }));
        renewLeases(held)
          .then(({ ids, until }) => {
            for (const id of ids) {
              const d = waiting.get(id);
              if (d) d.leaseUntil = until;
            }
          })
          .catch((e) => console.error("[webhooks] lease renewal:", (e as Error).message))
          .finally(() => {
            renewing = false;
          });
      }, LEASE_MS / 3);
      // Resolves with the post's verdict; the result is recorded in the background (batched).
      const one = async (d: ClaimedDelivery, recs: Promise<unknown>[] = records) => {
        const r = await slot(async () => {
          waiting.delete(d.id);
          // Too late to finish within the lease: leave it to the lease timer's worker.
          return Date.now() + DELIVERY_TIMEOUT_MS + 1000 > d.leaseUntil.getTime() ? null : postOne(d);
        });
        if (!r) return false;
        if (r.ok) delivered++;
        recs.push(record(r));
        return r.ok;
      };
      const tails: Promise<boolean>[] = [];
      for (const [k, chain] of chains) {
        const before = localChains.get(k);
        const prev = before?.posted ?? after?.get(k) ?? Promise.resolve(true);
        const recs: Promise<unknown>[] = [];
        const posted = prev.then(async (prevOk) => {
          let ok = prevOk;
          for (let i = 0; i < chain.length; i++) {
            if (!ok) {
              released.push(...chain.slice(i).map((d) => d.id));
              break;
            }
            ok = await one(chain[i] as ClaimedDelivery, recs);
          }
          records.push(...recs);
          return ok;
        });
        const recorded = (async () => {
          await posted.catch(() => {});
          await before?.recorded;
          await Promise.allSettled(recs);
        })();
        const entry: Chain = { posted, recorded };
        localChains.set(k, entry);
        void recorded.finally(() => {
          if (localChains.get(k) === entry) localChains.delete(k);
        });
        tails.push(posted);
      }
      try {
        await Promise.all([...singles.map((d) => one(d)), ...tails]);
      } finally {
        clearInterval(renew);
      }
      await Promise.all(records);
      if (released.length > 0) {
        const { releaseLeases } = await import("./delivery-store");
        await releaseLeases(released);
      }
      return delivered;
    })(),
  );
}

/** Claims what is deliverable among `ids` and posts it, resolving when done (successors after a result, test events). */
export async function deliverIds(ids: string[]): Promise<{ delivered: number; blocked: number }> {
  const { claimed, blocked } = await claimDeliveries(ids);
  const delivered = claimed.length > 0 ? await deliverClaimed(claimed) : 0;
  return { delivered, blocked: blocked.length };
}

/** Claimed deliveries this process has not started posting yet, past which a timer waits before claiming more. */
const BACKLOG_LIMIT = 4000;
let backlog = 0;

/**
 * The deliver job (a lease, order or retry timer, or a redelivery): claims what is deliverable among `ids`
 * and whatever else is owed, and returns once the claim has committed, leaving the posts to run in the
 * background. From the commit on, the claimed rows' own lease timer answers for them, so the job need not
 * live as long as its posts: a worker killed while holding the job leaves it active only until its short
 * expiry. (A job that awaited its posts held the only timer of rows it had not claimed yet for the whole
 * batch, and after a kill -9 for its expiry.) A process with a large backlog of claimed rows waits a
 * little before claiming more, so a flood of timers does not claim more than it can post within a lease.
 */
export async function claimAndPost(
  ids: string[],
  opts: { sweep: boolean } = { sweep: true },
): Promise<{ claimed: number; blocked: number }> {
  for (let waited = 0; backlog > BACKLOG_LIMIT && waited < 10_000; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  // A timer also takes whatever else is owed now, so a backlog of timers is worked off by the first.
  const all = opts.sweep ? [...new Set([...ids, ...(await dueDeliveries())])] : ids;
  const { claimed, blocked } = await claimDeliveries(all);
  if (claimed.length > 0) {
    backlog += claimed.length;
    void deliverClaimed(claimed)
      .catch((e) => console.error("[webhooks] delivery failed:", (e as Error).message))
      .finally(() => {
        backlog -= claimed.length;
      });
  }
  return { claimed: claimed.length, blocked: blocked.length };
}
