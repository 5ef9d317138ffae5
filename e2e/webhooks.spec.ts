import { createHash, createHmac } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { SMTPServer } from "smtp-server";
import { type Sink, startSink } from "../lib/webhooks/test-sink";
import { SMTP_PORT } from "../playwright.config";
import { addMember, createApiKey, DEMO, signInAsOwner } from "./fixtures";

// Outbound webhooks end to end (issue #13): an admin adds a number webhook pointing at a local sink started
// here, a customer writes from /sandbox, the sink gets a signed v2 delivery; a failing endpoint shows in the
// Delivery log and a Redeliver succeeds with the same idempotency key; failures pause the webhook exactly at
// the threshold, and every member is emailed through a real SMTP server (playwright.config.ts points the
// servers' SMTP_URL at SMTP_PORT and shortens retries to 1 s).

interface Mail {
  to: string[];
  data: string;
}

let sink: Sink;
let smtp: SMTPServer;
const mails: Mail[] = [];
/** What the sink answers now. */
let sinkStatus = 200;

test.beforeAll(async () => {
  sink = await startSink();
  sink.respond = () => sinkStatus;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, cb) {
      let data = "";
      stream.on("data", (c: Buffer) => {
        data += c.toString("utf8");
      });
      stream.on("end", () => {
        // Unfolded headers and quoted-printable soft breaks removed, so phrases can be searched for.
        const text = data.replace(/=\r?\n/g, "").replace(/\r?\n[ \t]+/g, " ");
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: text });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(SMTP_PORT, "127.0.0.1", () => resolve());
  });
});

test.afterAll(async () => {
  await sink?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

const sign = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("hex");

async function customerWrites(page: Page, customer: string, text: string) {
  await page.goto("/sandbox");
  await page.getByLabel("Customer phone (digits)").fill(customer);
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
  await expect(page.getByTestId("phone-message").filter({ hasText: text })).toHaveAttribute(
    "data-status",
    "delivered",
  );
}

test("an admin's number webhook gets signed deliveries, shows failures, redelivers, and pauses at the threshold with an email", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await signInAsOwner(page);
  // A second member, so the pause notice goes to more than one address.
  const memberEmail = `member-${Date.now()}@e2e.test`;
  await addMember(page, memberEmail);

  // An API key for the Platform API (used below to send test events in volume).
  const key = await createApiKey(page, "webhooks e2e");

  // The admin adds a webhook for the sandbox number, pointing at the sink; the secret is shown once.
  const url = `http://127.0.0.1:${sink.port}/hooks/whatsapp`;
  await page.goto(`/p/${DEMO.slug}/webhooks`);
  await page.getByRole("button", { name: "Add webhook" }).first().click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Scope").locator("option:checked")).toHaveText(/^Number /);
  await dialog.getByLabel("Endpoint URL").fill(url);
  await expect(dialog.getByRole("checkbox", { name: "whatsapp.message.received" })).toBeChecked();
  await expect(dialog.getByLabel("Payload version").locator("option:checked")).toHaveText(/^v2/);
  await dialog.getByRole("button", { name: "Add webhook" }).click();
  const secret = (await page.getByTestId("webhook-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  const row = page.getByTestId("webhook-row").filter({ hasText: url });
  await expect(row).toHaveAttribute("data-status", "active");

  // A customer writes from the simulated phone: the sink receives a v2 delivery signed with the secret.
  const customer = `1555${Date.now().toString().slice(-7)}`;
  await customerWrites(page, customer, "Hello webhook");
  await sink.waitFor(1);
  const first = sink.requests[0];
  expect(first?.path).toBe("/hooks/whatsapp");
  expect(first?.headers["x-webhook-event"]).toBe("whatsapp.message.received");
  expect(first?.headers["x-webhook-payload-version"]).toBe("v2");
  expect(first?.headers["x-webhook-signature"]).toBe(sign(secret, first?.body ?? ""));
  expect(first?.headers["x-webhook-signature"]).not.toBe(sign(`${secret}x`, first?.body ?? ""));
  const payload = JSON.parse(first?.body ?? "{}");
  expect(payload.phone_number_id).toMatch(/^\d+$/);
  expect(first?.body).toContain("Hello webhook");

  // The endpoint breaks: the next message fails, is retried (1 s apart here), and ends failed in the log.
  sinkStatus = 500;
  await customerWrites(page, customer, "Are you there?");
  await sink.waitFor(5, 30_000);
  const failing = sink.requests.slice(1);
  expect(failing.every((r) => r.body.includes("Are you there?"))).toBe(true);
  const idempotencyKey = failing[0]?.headers["x-idempotency-key"];
  expect(idempotencyKey).toBeTruthy();
  expect(new Set(failing.map((r) => r.headers["x-idempotency-key"]))).toEqual(new Set([idempotencyKey]));

  await page.goto(`/p/${DEMO.slug}/webhooks?tab=deliveries`);
  const failedRows = page
    .getByTestId("delivery-row")
    .filter({ hasText: "whatsapp.message.received" })
    .filter({ hasText: "HTTP 500" });
  await expect(async () => {
    await page.reload();
    await expect(failedRows).toHaveCount(4, { timeout: 1000 });
    await expect(failedRows.first()).toContainText("failed", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(failedRows.first()).toHaveAttribute("data-ok", "false");

  // Fixed: the admin redelivers it from the log; the sink gets it with the same idempotency key.
  sinkStatus = 200;
  await failedRows.first().getByRole("button", { name: "Redeliver" }).click();
  await expect(page.getByText("Sent again")).toBeVisible();
  await sink.waitFor(6);
  const redelivered = sink.requests[5];
  expect(redelivered?.headers["x-idempotency-key"]).toBe(idempotencyKey);
  expect(redelivered?.body).toContain("Are you there?");
  expect(redelivered?.headers["x-webhook-signature"]).toBe(sign(secret, redelivered?.body ?? ""));
  await expect(async () => {
    await page.reload();
    await expect(
      page
        .getByTestId("delivery-row")
        .filter({ hasText: "whatsapp.message.received" })
        .filter({ hasText: "succeeded" }),
    ).toHaveCount(6, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  // One more success from the page's "Send test": 3 good attempts and 4 failed ones so far.
  await page.goto(`/p/${DEMO.slug}/webhooks`);
  await row.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByText("Delivered: HTTP 200")).toBeVisible();
  await sink.waitFor(7);

  // The webhook's id, from the Delivery log's filter.
  await page.goto(`/p/${DEMO.slug}/webhooks?tab=deliveries`);
  const webhookId = await page.locator("option", { hasText: url }).getAttribute("value");
  expect(webhookId).toBeTruthy();
  const testEvent = () =>
    request.post(`/platform/v1/whatsapp/webhooks/${webhookId}/test`, {
      headers: { "X-API-Key": key },
      data: { event_type: "whatsapp.message.received" },
    });

  // The endpoint breaks again. 13 more failures: 17 of 20 attempts in 15 minutes = exactly 85%, which is
  // not above it, so the webhook stays active and nobody is emailed.
  sinkStatus = 500;
  for (let i = 0; i < 13; i++) {
    const r = await testEvent();
    expect(r.status(), await r.text()).toBe(200);
    expect((await r.json()).data).toMatchObject({ success: false, status_code: 500 });
  }
  expect(sink.requests).toHaveLength(20);
  await page.goto(`/p/${DEMO.slug}/webhooks`);
  await expect(row).toHaveAttribute("data-status", "active");
  await expect(row.getByText("Paused")).toHaveCount(0);
  expect(mails).toHaveLength(0);

  // One more: 18 of 21 (86%) pauses it.
  const last = await testEvent();
  expect(last.status()).toBe(200);
  expect((await last.json()).data).toMatchObject({ success: false, status_code: 500 });
  expect(sink.requests).toHaveLength(21);
  await page.reload();
  await expect(row).toHaveAttribute("data-status", "paused");
  await expect(row.getByText("Paused", { exact: true })).toBeVisible();
  await expect(row.getByRole("status")).toContainText(
    "Paused automatically: 18 of 21 deliveries failed (86%) in 15 minutes.",
  );
  await expect(row.getByRole("button", { name: "Send test" })).toBeDisabled();

  // Paused: no more deliveries, the API refuses a test event.
  const refused = await testEvent();
  expect(refused.status()).toBe(409);
  expect(sink.requests).toHaveLength(21);

  // Every member got the notice through the real SMTP server.
  await expect.poll(() => mails.length, { timeout: 15_000 }).toBe(2);
  expect(mails.flatMap((m) => m.to).sort()).toEqual([DEMO.email, memberEmail].sort());
  for (const m of mails) {
    expect(m.data).toContain("Webhook paused");
    expect(m.data).toContain(url);
    expect(m.data).toContain("18 of 21 deliveries failed");
  }
  // Exactly one notice per member: the pause is not announced twice.
  expect(mails).toHaveLength(2);
});

test("a project webhook keeps its scope and events when edited, refused fields say why beside them, and the delivery log fits a phone", async ({
  page,
}) => {
  test.setTimeout(120_000);
  sinkStatus = 200;
  await signInAsOwner(page);
  const url = `http://127.0.0.1:${sink.port}/hooks/project`;
  await page.goto(`/p/${DEMO.slug}/webhooks`);

  // A project webhook: switching the scope does not complain about events before the user chose any.
  await page.getByRole("button", { name: "Add webhook" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Scope").selectOption("project");
  await expect(dialog.getByRole("checkbox", { name: "workflow.execution.failed" })).not.toBeChecked();
  await expect(dialog.getByText("Choose at least one event")).toHaveCount(0);
  await dialog.getByLabel("Endpoint URL").fill(url);
  await dialog.getByRole("checkbox", { name: "workflow.execution.failed" }).check();
  await dialog.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("webhook-secret")).toHaveText(/^whsec_/);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();

  // Editing it shows its own (project) events, still ticked, and saves.
  const row = page.getByTestId("webhook-row").filter({ hasText: url });
  await row.getByRole("button", { name: "Edit" }).click();
  await expect(dialog.getByText("Project (numbers and workflows)")).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: "workflow.execution.failed" })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: "whatsapp.message.received" })).toHaveCount(0);
  await expect(dialog.getByText("Choose at least one event")).toHaveCount(0);
  await dialog.getByRole("checkbox", { name: "workflow.execution.handoff" }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Webhook saved")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("workflow.execution.failed, workflow.execution.handoff");

  // A number webhook refused by the server: the reason shows beside the field, not nowhere.
  const numberUrl = `http://127.0.0.1:${sink.port}/hooks/number`;
  await page.getByRole("button", { name: "Add webhook" }).first().click();
  await dialog.getByLabel("Endpoint URL").fill(numberUrl);
  await dialog.getByRole("button", { name: "Add webhook" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  await page
    .getByTestId("webhook-row")
    .filter({ hasText: numberUrl })
    .getByRole("button", { name: "Edit" })
    .click();
  const inactivity = dialog.getByLabel("Inactivity (minutes)");
  await inactivity.fill("0");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(inactivity).toHaveAttribute("aria-invalid", "true");
  await expect(inactivity).toHaveAccessibleDescription(/\S/);
  await expect(dialog).toBeVisible();
  // A header value over 1000 characters: named under the headers.
  await inactivity.fill("60");
  await dialog.getByLabel(/^Custom headers/).fill(`X-Long: ${"a".repeat(1500)}`);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByLabel(/^Custom headers/)).toHaveAccessibleDescription(/X-Long/);
  await expect(inactivity).not.toHaveAttribute("aria-invalid", "true");
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // A failed test delivery, then the webhook is disabled: a redelivery is queued, not "sent".
  sinkStatus = 500;
  await row.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByText("Not delivered: HTTP 500")).toBeVisible();
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toHaveAttribute("data-status", "disabled");
  sinkStatus = 200;

  // On a phone, the log with a delivery's details open never scrolls the page sideways, and the
  // essentials of a row (event, status, actions) are on screen without scrolling sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/p/${DEMO.slug}/webhooks?tab=deliveries`);
  const delivery = page.getByTestId("delivery-row").filter({ hasText: "workflow.execution" }).first();
  await expect(delivery).toContainText("failed");
  const sent = sink.requests.length;
  await delivery.getByRole("button", { name: "Redeliver" }).click();
  await expect(page.getByText("Queued: it goes when the webhook is enabled again")).toBeVisible();
  await delivery.getByRole("button", { name: "Details" }).click();
  await expect(page.getByText("Request body")).toBeVisible();
  for (const essential of [
    delivery.getByText("workflow.execution.failed"),
    delivery.getByText("HTTP 500").first(),
    delivery.getByRole("button", { name: "Hide" }),
  ]) {
    const box = await essential.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  expect(sink.requests).toHaveLength(sent);

  // A hand-edited URL with one bad filter keeps the good ones and says which was left out.
  await page.goto(`/p/${DEMO.slug}/webhooks?tab=deliveries&status=failed&period=1y`);
  await expect(page.getByRole("status").filter({ hasText: "period=1y" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("failed");

  // A meta webhook from the page (it was API-only): Meta's body forwarded as is, keyed by its SHA-256.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/p/${DEMO.slug}/webhooks`);
  const metaUrl = `http://127.0.0.1:${sink.port}/hooks/meta`;
  await page.getByRole("button", { name: "Add webhook" }).first().click();
  await dialog.getByLabel("Kind").selectOption("meta");
  await expect(dialog.getByText("forwarded as it came")).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: "whatsapp.message.received" })).toHaveCount(0);
  await dialog.getByLabel("Endpoint URL").fill(metaUrl);
  await dialog.getByRole("button", { name: "Add webhook" }).click();
  const metaSecret = (await page.getByTestId("webhook-secret").textContent())?.trim() ?? "";
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  const metaRow = page.getByTestId("webhook-row").filter({ hasText: metaUrl });
  await expect(metaRow).toContainText("Meta");
  await metaRow.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByText("Delivered: HTTP 200")).toBeVisible();
  const forwarded = sink.requests.filter((r) => r.path === "/hooks/meta").at(-1);
  expect(forwarded?.headers["x-idempotency-key"]).toBe(
    createHash("sha256")
      .update(forwarded?.body ?? "")
      .digest("hex"),
  );
  expect(forwarded?.headers["x-webhook-signature"]).toBe(sign(metaSecret, forwarded?.body ?? ""));
  expect(JSON.parse(forwarded?.body ?? "{}").object).toBe("whatsapp_business_account");
  await metaRow.getByRole("button", { name: `Delete ${metaUrl}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete webhook" }).click();
  await expect(metaRow).toHaveCount(0);
});
