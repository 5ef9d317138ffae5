import { expect, test } from "@playwright/test";
import { createApiKey, DEMO, signInAsOwner } from "./fixtures";

test("a customer chats from /sandbox and the business's replies show their statuses moving", async ({
  page,
  request,
}) => {
  await signInAsOwner(page);

  // An admin creates an API key (shown once) for the Kapso-compatible API.
  const key = await createApiKey(page, "e2e");

  // The project's sandbox number.
  await page.goto(`/p/${DEMO.slug}/numbers`);
  const row = page.getByTestId("number-row").filter({ hasText: "Sandbox" }).first();
  const pnid = await row.getAttribute("data-phone-number-id");
  expect(pnid).toMatch(/^\d+$/);

  // The customer writes from the simulated phone.
  const customer = `1555${Date.now().toString().slice(-7)}`;
  await page.goto("/sandbox");
  await page.getByLabel("Customer phone (digits)").fill(customer);
  await page.getByLabel("Message").fill("Hi! Is my order ready?");
  await page.getByLabel("Message").press("Enter");
  const mine = page.getByTestId("phone-message").filter({ hasText: "Is my order ready?" });
  await expect(mine).toHaveAttribute("data-status", "delivered");

  // It reached the app through the signed webhook path.
  const api = (path: string, init?: { data?: unknown }) =>
    init
      ? request.post(`/meta/whatsapp/v24.0/${pnid}/${path}`, {
          headers: { "X-API-Key": key },
          data: init.data,
        })
      : request.get(`/meta/whatsapp/v24.0/${pnid}/${path}`, { headers: { "X-API-Key": key } });
  await expect
    .poll(async () => JSON.stringify(await (await api("messages?direction=inbound")).json()))
    .toContain("Is my order ready?");

  // The business answers with buttons; the phone shows them and the statuses move to read.
  const sent = await api("messages", {
    data: {
      messaging_product: "whatsapp",
      to: customer,
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "It is! Pick up today?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "yes", title: "Yes please" } },
            { type: "reply", reply: { id: "no", title: "Tomorrow" } },
          ],
        },
      },
    },
  });
  expect(sent.status()).toBe(200);
  const wamid = (await sent.json()).messages[0].id as string;
  const reply = page.getByTestId("phone-message").filter({ hasText: "Pick up today?" });
  await expect(reply).toBeVisible();
  await expect(reply).toHaveAttribute("data-status", "read");
  await expect
    .poll(async () => (await (await api(`messages/${encodeURIComponent(wamid)}`)).json()).kapso?.status)
    .toBe("read");

  // Tapping a button sends the customer's choice back as an interactive reply.
  await reply.getByRole("button", { name: "Yes please" }).click();
  await expect
    .poll(async () => JSON.stringify(await (await api("messages?direction=inbound")).json()))
    .toContain("button_reply");

  // A bad request names the field, in Meta's format.
  const bad = await api("messages", {
    data: { messaging_product: "whatsapp", to: customer, type: "text", text: {} },
  });
  expect(bad.status()).toBeGreaterThanOrEqual(400);
  expect(JSON.stringify(await bad.json())).toContain("text.body");
});
