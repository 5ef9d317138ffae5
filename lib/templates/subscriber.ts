import type { Subscriber } from "@/lib/events/subscribers";
import { requestTemplateSync } from "./jobs";

/**
 * Keeps MessageTemplate fresh without anyone calling Graph on a page view: a new number brings its
 * account's templates, and a template webhook (which carries only the status) is followed by a sync for
 * the content. The job is queued in the dispatch transaction, so it is queued exactly once per event.
 */
export const templatesSubscriber: Subscriber = {
  name: "templates",
  async handle(tx, events) {
    const now = new Set<string>();
    const soon = new Set<string>();
    for (const e of events) {
      if (e.type === "whatsapp.phone_number.created") now.add(e.projectId);
      // A sync reports its own changes with field "sync"; reacting to those would loop.
      else if (e.type === "whatsapp.template.updated" && e.payload.field !== "sync") soon.add(e.projectId);
    }
    for (const projectId of now) await requestTemplateSync(projectId, tx);
    // A few seconds' delay gathers the burst of webhooks a review produces into one sync.
    for (const projectId of soon) if (!now.has(projectId)) await requestTemplateSync(projectId, tx, 5);
  },
};
