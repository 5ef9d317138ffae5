import "@/lib/server-only";
import { EgressError, egressFetch } from "@/lib/egress/fetch";
import {
  type ClaimedDelivery,
  claimDeliveries,
  type DeliveryResult,
  dueDeliveries,
  LEASE_MS,
  openSecret,
  type RecordOutcome,
  recordResults,
  renewLeases,
  UNREADABLE_SECRET,
} from "./delivery-store";
import { DELIVERY_TIMEOUT_MS, RESPONSE_KEEP_BYTES } from "./events";
import { notifyPaused } from "./notify";
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
      responseBody: res.text() + (res.truncated ? "…" : ""),
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
    };
  }
}

/** Custom headers may carry a receiver's credentials: the log keeps their names, not their values. */
function redact(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    out[k] =
      /authorization|token|key|secret|cookie/i.test(k) &&
      !k.startsWith("x-idempotency") &&
      k !== "x-webhook-signature"
        ? "[redacted]"
        : v;
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
  recordResults(batch).then(
    (o) => {
      for (const w of ok) w(o);
      after(o);
    },
    (e) => {
      for (const f of ko) f(e);
    },
  );
}

/** Queues a result for the next recording batch (at most 200, or 15 ms). */
function record(r: DeliveryResult): Promise<RecordOutcome> {
  return new Promise((resolve, reject) => {
    pending.push(r);
    waiters.push(resolve);
    failers.push(reject);
    if (pending.length >= 200) {
      clearTimeout(timer);
      flushResults();
    } else timer ??= setTimeout(flushResults, 15);
  });
}

function after(o: RecordOutcome): void {
  for (const p of o.paused)
    void notifyPaused(p).catch((e) => console.error("[webhooks] pause notice:", (e as Error).message));
  if (o.successors.length > 0)
    void deliverIds(o.successors).catch((e) => console.error("[webhooks]", (e as Error).message));
}

/**
 * Posts claimed deliveries and records the results. Message events of one (webhook, conversation) go in
 * order; once one of them fails, the later ones are released (they wait for the retry or the order gap).
 */
/**
 * Per (webhook, conversation): the tail of this process's ordered posts, resolving to whether the last
 * one succeeded. A later batch's message of the same conversation joins the tail instead of waiting for
 * the database to say its predecessor is done.
 */
const localChains = new Map<string, Promise<boolean>>();

export function chainKey(webhookId: string, conversationId: string): string {
  return `${webhookId}\u0000${conversationId}`;
}

/** Whether this process is posting a conversation's messages for a webhook right now. */
export function hasLocalChain(key: string): boolean {
  return localChains.has(key);
}

export function deliverClaimed(rows: ClaimedDelivery[]): Promise<number> {
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
        const prev = localChains.get(k) ?? Promise.resolve(true);
        const tail = prev.then(async (prevOk) => {
          let ok = prevOk;
          // The chain stays "in flight" until its results are recorded: a message dispatched meanwhile
          // joins it here instead of finding its predecessor still pending in the database.
          const recs: Promise<unknown>[] = [];
          for (let i = 0; i < chain.length; i++) {
            if (!ok) {
              released.push(...chain.slice(i).map((d) => d.id));
              break;
            }
            ok = await one(chain[i] as ClaimedDelivery, recs);
          }
          await Promise.allSettled(recs);
          records.push(...recs);
          return ok;
        });
        localChains.set(k, tail);
        void tail.finally(() => {
          if (localChains.get(k) === tail) localChains.delete(k);
        });
        tails.push(tail);
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

/** Claims what is deliverable among `ids` and posts it (the job's entry, and successors after a result). */
export async function deliverIds(
  ids: string[],
  opts: { sweep?: boolean } = {},
): Promise<{ delivered: number; blocked: number }> {
  const all = opts.sweep ? [...new Set([...ids, ...(await dueDeliveries())])] : ids;
  const { claimed, blocked } = await claimDeliveries(all);
  const delivered = claimed.length > 0 ? await deliverClaimed(claimed) : 0;
  return { delivered, blocked: blocked.length };
}
