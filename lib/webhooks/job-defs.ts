import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// The webhook jobs. Each names delivery rows; the rows say what is due (see delivery-store.ts), so a job
// that runs twice, late or after a crash only delivers what is still owed.

export const deliverJob = defineJob({
  name: "webhooks.deliver",
  data: z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(1000) }),
  pollingIntervalSeconds: 0.5,
  retry: { limit: 5, delaySeconds: 5 },
  // The job claims and returns; the posts run on after it under the rows' own lease timer (see
  // claimAndPost). A worker killed mid-claim leaves the job active until this expiry, then it is retried.
  expireInSeconds: 30,
  async run({ ids }) {
    const { claimAndPost } = await import("./deliver");
    return claimAndPost(ids);
  },
});

export const flushBufferJob = defineJob({
  name: "webhooks.flush-buffer",
  data: z.object({ webhookId: z.string().min(1), conversationId: z.string().min(1) }),
  pollingIntervalSeconds: 0.5,
  retry: { limit: 5, delaySeconds: 5 },
  async run({ webhookId, conversationId }) {
    const { flushBuffer } = await import("./buffer");
    return flushBuffer(webhookId, conversationId);
  },
});

export const inactivityJob = defineJob({
  name: "webhooks.conversation-inactive",
  data: z.object({
    webhookId: z.string().min(1).max(64),
    conversationId: z.string().min(1).max(64),
    messageId: z.string().min(1).max(64),
  }),
  pollingIntervalSeconds: 1,
  // Conversations fall silent together (after a broadcast, at closing time): taking one timer per fetch,
  // a worker fired one per second. A fire is one short, idempotent transaction, so a batch ends in about a
  // second; a worker killed with a batch in hand leaves it "active" until it expires, hence the short
  // expiry (a fire run twice, expired while still running, still emits once: see fireInactivity).
  batchSize: 50,
  expireInSeconds: 15,
  retry: { limit: 5, delaySeconds: 2, backoff: true },
  async run(data) {
    const { fireInactivity } = await import("./inactivity-mutations");
    return fireInactivity(data);
  },
});
