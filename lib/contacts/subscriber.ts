import type { Subscriber } from "@/lib/events/subscribers";
import { applyIdentityChanges } from "./identity-mutations";

/** Contacts follow their customers' identity changes from the outbox (lib/boot registers it). */
export const contactsSubscriber: Subscriber = {
  name: "contacts",
  async handle(tx, events) {
    await applyIdentityChanges(tx, events);
  },
};
