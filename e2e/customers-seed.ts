import { DATABASE_URL, serverEnv } from "../playwright.config";

// Seeds a tenant's customers and broadcasts through the app's own domain code (as e2e/fixtures.ts
// makes tenants), for the screenshots: a customer with a number and a setup link, and a broadcast.

export async function seedCustomersAndBroadcasts(projectId: string) {
  Object.assign(process.env, { ...serverEnv, DATABASE_URL });
  const { trustedProjectId } = await import("../lib/auth/project-id");
  const { db } = await import("../lib/db/client");
  const { createCustomer } = await import("../lib/customers/mutations");
  const { attachNumber } = await import("../lib/customers/number-mutations");
  const { createSetupLink } = await import("../lib/customers/setup-link-mutations");
  const { addRecipients, createBroadcast } = await import("../lib/broadcasts/mutations");
  const scope = { projectId: trustedProjectId(projectId) };
  const actor = { kind: "system" } as const;
  const customer = await createCustomer(scope, actor, { name: "Acme Retail", externalId: "acme-42" });
  const number = await db().phoneNumber.findFirstOrThrow({ where: { projectId, kind: "SANDBOX" } });
  await attachNumber(scope, actor, { customerId: customer.id, numberId: number.id });
  const link = await createSetupLink(scope, actor, { customerId: customer.id, language: "en" });
  const template = await db().messageTemplate.findFirstOrThrow({
    where: { projectId, name: "order_update", wabaId: number.wabaId },
  });
  const broadcast = await createBroadcast(scope, actor, {
    name: "Spring sale",
    numberId: number.id,
    templateId: template.id,
  });
  await addRecipients(scope, actor, {
    broadcastId: broadcast.id,
    recipients: Array.from({ length: 5 }, (_, i) => ({
      phone_number: `+1555020000${i}`,
      parameters: [`Ana ${i}`, `#${i}`],
    })),
  });
  return { customerId: customer.id, broadcastId: broadcast.id, setupToken: link.token };
}
