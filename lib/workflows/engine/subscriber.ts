import type { Subscriber } from "@/lib/events/subscribers";
import { routeInbound, runEventTriggers, watchedEvents } from "./trigger-mutations";

/**
 * The workflow engine's outbox subscriber (cursor "workflow-engine", created by its migration):
 * customers' messages start, resume or reach executions; WhatsApp events start observer executions.
 * Runs inside the dispatch transaction, so an execution starts (and its runner is queued) exactly once
 * per event, across restarts.
 */
export const engineSubscriber: Subscriber = {
  name: "workflow-engine",
  async handle(tx, events) {
    // One read of the batch's event triggers: most events (a broadcast's statuses) match none, and
    // asking per event cost a query each.
    const watched = await watchedEvents(tx, events);
    for (const e of events) {
      if (e.type === "whatsapp.message.received") await routeInbound(tx, e);
      if (watched.has(`${e.projectId} ${e.type}`)) await runEventTriggers(tx, e);
    }
  },
};
