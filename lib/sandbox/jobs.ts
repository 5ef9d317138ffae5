import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { runAt } from "@/lib/jobs/enqueue";
import { reviewDisplayNameRequest, reviewTemplate, revisionOf } from "./review-mutations";

// The simulator's timers are durable jobs, like Meta's own review is a process that outlives any one
// request: a template submitted just before a restart is still reviewed after it.

export const templateReviewJob = defineJob({
  name: "sandbox.template-review",
  data: z.object({ templateId: z.string().min(1).max(40), revision: z.string().min(1).max(40) }),
  // The verdict and its webhooks commit together with the job's completion (see reviewTemplate).
  transactional: true,
  pollingIntervalSeconds: 0.5,
  batchSize: 10,
  retry: { limit: 5, delaySeconds: 2, backoff: true },
  expireInSeconds: 60,
  async run({ templateId, revision }, { tx }) {
    if (!tx) throw new Error("sandbox.template-review runs in its transaction");
    return reviewTemplate(tx, templateId, revision);
  },
});

/**
 * Arms the review of a template's submitted revision, SANDBOX_TEMPLATE_REVIEW_MS from now. Inside the
 * transaction that stores the revision, so a template is never stored without its review.
 */
export function armTemplateReview(
  t: { id: string; updatedAt: Date },
  tx: Prisma.TransactionClient,
): Promise<string | null> {
  const revision = revisionOf(t);
  return runAt(
    templateReviewJob,
    { templateId: t.id, revision },
    new Date(Date.now() + env().SANDBOX_TEMPLATE_REVIEW_MS),
    `${t.id}@${revision}`,
    tx,
  );
}

export const displayNameReviewJob = defineJob({
  name: "sandbox.display-name-review",
  data: z.object({ phoneNumberId: z.string().min(1).max(40), requestedAt: z.string().min(1).max(40) }),
  transactional: true,
  pollingIntervalSeconds: 0.5,
  retry: { limit: 5, delaySeconds: 2, backoff: true },
  expireInSeconds: 60,
  async run({ phoneNumberId, requestedAt }, { tx }) {
    if (!tx) throw new Error("sandbox.display-name-review runs in its transaction");
    return reviewDisplayNameRequest(tx, phoneNumberId, requestedAt);
  },
});

/** Arms the review of a display-name request, in the transaction that records the request. */
export function armDisplayNameReview(
  phoneNumberId: string,
  requestedAt: string,
  tx: Prisma.TransactionClient,
): Promise<string | null> {
  return runAt(
    displayNameReviewJob,
    { phoneNumberId, requestedAt },
    new Date(Date.now() + env().SANDBOX_TEMPLATE_REVIEW_MS),
    `${phoneNumberId}@${requestedAt}`,
    tx,
  );
}

export const sandboxJobs = [templateReviewJob, displayNameReviewJob];
