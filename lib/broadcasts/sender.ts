import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { ProjectId } from "@/lib/auth/project-id";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sendMessage } from "@/lib/messages/send";
import { GraphError } from "@/lib/meta/client";
import { projectNumber } from "@/lib/numbers/credentials";
import {
  acquireLease,
  claimRecipients,
  finish,
  linkAccepted,
  markFailed,
  recoverInterrupted,
  releaseLease,
  remaining,
  renewLease,
  requeue,
  requeueUnstarted,
  setBackoff,
} from "./sender-store";
import { backoffMs, InFlightPace, numberThroughput, Pacer } from "./throttle";

// The broadcast sender: one slice of sending under a lease, throttled to the number's throughput.
// Durability: recipients are claimed in the database before a send; a sender killed mid-send leaves
// claimed rows that the next sender resolves from the message rows (sender-store.recoverInterrupted),
// and nothing whose WhatsApp call may have happened is ever sent again.

const LEASE_MS = 5000;
/** How long an accepted send may wait for its first status before the broadcast is called completed. */
const CONFIRM_GRACE_MS = 15_000;
const MAX_ATTEMPTS = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const owner = () => `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

export type SliceResult = "done" | "continue" | "busy";

/**
 * A broadcast's pace outlives a slice in this process: slices follow each other every few seconds,
 * and a fresh pacer would ramp up again (and forget the latency and margin it learned) each time.
 */
const paces = new Map<string, { pacer: Pacer; pace: InFlightPace; rate: number; at: number }>();
const PACE_KEPT_MS = 5000;

function paceFor(broadcastId: string, rate: number) {
  const now = Date.now();
  for (const [id, p] of paces) if (now - p.at > 60_000) paces.delete(id);
  let p = paces.get(broadcastId);
  if (!p || p.rate !== rate || now - p.at > PACE_KEPT_MS) {
    p = { pacer: new Pacer(rate), pace: new InFlightPace(rate), rate, at: now };
    paces.set(broadcastId, p);
  }
  const kept = p;
  return {
    pacer: kept.pacer,
    pace: kept.pace,
    /** The slice ended: the next one here may go on at this pace. */
    lastly: () => {
      kept.at = Date.now();
    },
  };
}

export interface SliceOptions {
  /** Stop starting new sends after this long (the job continues in a new slice). */
  maxMs: number;
  /** Told the pace the slice keeps (sends per second) and how many sends it keeps in flight. */
  onPace?: (pace: { rate: number; concurrency: number }) => void;
}

export async function runSlice(broadcastId: string, opts: SliceOptions): Promise<SliceResult> {
  const me = owner();
  const b = await acquireLease(broadcastId, me, LEASE_MS);
  if (!b) return "busy";
  const number = await projectNumber(b.projectId as ProjectId, b.numberId);
  if (!number) {
    await releaseLease(broadcastId, me);
    return "busy";
  }
  await recoverInterrupted(broadcastId, number.id);
  // The sandbox's configured rate, or the live number's Meta throughput level (80/s, or 1,000/s for HIGH).
  const rate = numberThroughput(
    { kind: number.kind, throughputLevel: b.throughputLevel },
    env().SANDBOX_RATE_LIMIT_PER_SECOND,
  );
  const { pacer, pace, lastly } = paceFor(broadcastId, rate);
  // Sends in flight: enough to keep the pace at the latency WhatsApp answers with now (Little's law,
  // with half again as margin), and no more, since a send in flight when the process dies is one that
  // cannot be retried (see recoverInterrupted).
  opts.onPace?.({ rate, concurrency: pace.concurrency() });
  const deadline = Date.now() + opts.maxMs;
  let backoffUntil = b.backoffUntil?.getTime() ?? 0;
  let consecutiveBackoffs = 0;
  let lastAccepted = Date.now();
  let lost = false;
  const inFlight = new Set<Promise<void>>();

  const renew = setInterval(() => {
    void renewLease(broadcastId, me, LEASE_MS)
      .then((r) => {
        if (!r) lost = true;
        else {
          // A later backoff than we knew of: a send came back "too fast" (130429) by status webhook.
          const until = r.backoffUntil?.getTime() ?? 0;
          if (until > backoffUntil) pacer.throttled();
          backoffUntil = Math.max(backoffUntil, until);
        }
      })
      .catch(() => {
        lost = true;
      });
  }, 1000);

  const body = (phone: string, components: Record<string, unknown>[]) => ({
    to: phone,
    type: "template",
    template: {
      name: b.templateName,
      language: { code: b.templateLanguage },
      ...(components.length ? { components } : {}),
    },
  });

  async function sendOne(r: {
    id: string;
    phone: string;
    components: Record<string, unknown>[];
    attempts: number;
  }) {
    try {
      const started = performance.now();
      const sent = await sendMessage(number!, body(r.phone, r.components), "BROADCAST", {
        refuseOutsideWindow: false,
      });
      pace.observe(performance.now() - started);
      pacer.accepted();
      await linkAccepted(r.id, sent.messageId, null, sent.wamid);
      consecutiveBackoffs = 0;
      lastAccepted = Date.now();
    } catch (e) {
      const retryable =
        (e instanceof GraphError && (e.problem.code === 130429 || (e.problem.status ?? 0) >= 500)) ||
        (e instanceof AppError && e.code === "conflict");
      if (retryable && r.attempts < MAX_ATTEMPTS) {
        await requeue(r.id);
        if (!(e instanceof AppError)) {
          if (e instanceof GraphError && e.problem.code === 130429) pacer.throttled();
          consecutiveBackoffs++;
          backoffUntil = Date.now() + backoffMs(consecutiveBackoffs);
          await setBackoff(broadcastId, new Date(backoffUntil));
        }
      } else if (e instanceof GraphError) await markFailed(r.id, e.problem.code, e.problem.action);
      else if (e instanceof AppError && e.code === "validation") await markFailed(r.id, 100, e.message);
      // Anything else (the database, the network): the message row says whether WhatsApp was called.
      // Not reserved → back to the queue; accepted → linked; a call in flight or unanswered → failed,
      // never sent again.
      else await recoverInterrupted(broadcastId, number!.id, r.id);
    }
  }

  try {
    let queue: Awaited<ReturnType<typeof claimRecipients>> = [];
    while (!lost) {
      const now = Date.now();
      if (now >= deadline) break;
      if (backoffUntil > now) {
        await sleep(Math.min(backoffUntil - now, 250));
        continue;
      }
      if (!queue.length) {
        queue = await claimRecipients(broadcastId, Math.min(Math.max(rate, 10), 200));
        if (!queue.length) {
          await Promise.all(inFlight);
          const left = await remaining(broadcastId);
          if (left.open > 0) continue; // requeued by a failed attempt
          // Wait a little for the first statuses (a throttled send comes back as a failure to retry).
          if (left.unconfirmed > 0 && Date.now() - lastAccepted < CONFIRM_GRACE_MS) {
            await sleep(300);
            continue;
          }
          if (await finish(broadcastId, me)) return "done";
          continue;
        }
      }
      const wait = pacer.wait(Date.now());
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      if (inFlight.size >= pace.concurrency()) {
        await Promise.race(inFlight);
        continue;
      }
      const r = queue.shift();
      if (!r) continue;
      pacer.take(Date.now());
      const p = sendOne(r).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    // Claimed but not started when the slice ended: back to the queue for the next slice, together.
    await requeueUnstarted(queue.map((r) => r.id));
    return lost ? "busy" : "continue";
  } finally {
    lastly();
    clearInterval(renew);
    await releaseLease(broadcastId, me).catch(() => {});
  }
}
