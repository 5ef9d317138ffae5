import http from "node:http";
import { expect, test } from "@playwright/test";
import { DEMO, signInAsOwner } from "./fixtures";

// Onboarding a customer's number through a setup link, and a broadcast to a CSV of sandbox recipients.

const SINK_PORT = Number(process.env.E2E_SINK_PORT ?? 3604);

/** The customer's own app, where the setup page sends them back. */
function sink(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(`<!doctype html><title>Customer app</title><h1>Back in the customer's app</h1><p>${req.url}</p>`);
  });
  return new Promise((r) => server.listen(SINK_PORT, "127.0.0.1", () => r(server)));
}

test("an admin creates a customer and a setup link; the customer connects a sandbox number and is sent back with the documented query", async ({
  page,
  browser,
}) => {
  const server = await sink();
  try {
    await signInAsOwner(page);
    await page.goto(`/p/${DEMO.slug}/customers`);
    await expect(page.getByText("No customers yet")).toBeVisible();
    await page.getByRole("button", { name: "New customer" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Acme Retail");
    await dialog.getByLabel("External ID (optional)").fill("acme-42");
    await dialog.getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name: "Acme Retail" })).toBeVisible();

    await page.getByRole("button", { name: "New setup link" }).click();
    const linkDialog = page.getByRole("dialog");
    await linkDialog
      .getByLabel("Redirect after success (optional)")
      .fill(`http://127.0.0.1:${SINK_PORT}/whatsapp/connected`);
    await linkDialog
      .getByLabel("Redirect after failure (optional)")
      .fill(`http://127.0.0.1:${SINK_PORT}/whatsapp/failed`);
    await linkDialog.getByRole("button", { name: "Create link" }).click();
    const url = await linkDialog.getByTestId("new-setup-link").inputValue();
    expect(url).toMatch(/\/setup\/sbs_/);
    await linkDialog.getByRole("button", { name: "Done" }).click();

    // The customer: another browser context, no session.
    const customer = await browser.newContext();
    const cp = await customer.newPage();
    await cp.goto(url);
    await expect(cp.getByRole("heading", { name: "Connect WhatsApp for Acme Retail" })).toBeVisible();
    await cp.getByRole("button", { name: "Create sandbox number" }).click();
    await cp.waitForURL(/\/whatsapp\/connected/);
    const back = new URL(cp.url());
    const q = Object.fromEntries(back.searchParams);
    expect(q).toMatchObject({ status: "completed" });
    expect(q.setup_link_id).toBeTruthy();
    expect(q.phone_number_id).toMatch(/^\d+$/);
    expect(q.business_account_id).toMatch(/^\d+$/);
    expect(q.display_phone_number).toMatch(/^\+1 555/);

    // Used once: opening it again says so.
    await cp.goto(url);
    await expect(cp.getByRole("heading", { name: "This link was already used" })).toBeVisible();
    await customer.close();

    await page.reload();
    await expect(
      page.locator(`[data-testid="customer-number"][data-phone-number-id="${q.phone_number_id}"]`),
    ).toBeVisible();
    await expect(page.locator('[data-testid="setup-link-row"][data-status="used"]')).toBeVisible();
  } finally {
    server.close();
  }
});

test("a broadcast to a CSV of sandbox recipients shows live progress to completed with exact counts", async ({
  page,
}) => {
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/broadcasts`);
  await page.getByRole("button", { name: "New broadcast" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Spring sale");
  await dialog.getByLabel("Approved template").selectOption({ label: "order_update (en_US)" });
  await dialog.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByRole("heading", { name: "Spring sale" })).toBeVisible();

  const rows = Array.from({ length: 12 }, (_, i) => `+1 555 030 ${String(1000 + i)},Ana ${i},#${100 + i}`);
  const csv = ["phone,first name,order", ...rows, "not-a-number,Bo,#1", `${rows[0]}`].join("\n");
  await page
    .getByLabel("Recipients CSV")
    .setInputFiles({ name: "recipients.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("csv-summary")).toContainText("14 rows");
  await expect(page.getByTestId("csv-summary")).toContainText("12 ready");
  await expect(page.getByTestId("csv-summary")).toContainText(/1 duplicate(?!s)/);
  await expect(page.getByTestId("csv-problems")).toContainText("Row 14");
  await page.getByLabel("Parameter {{1}}").selectOption("first name");
  await page.getByLabel("Parameter {{2}}").selectOption("order");
  await page.getByRole("button", { name: "Add 12 recipients" }).click();
  await expect(page.getByTestId("metric-total")).toHaveText("12");

  // Sending is asked for first: what goes out cannot be recalled.
  await page.getByRole("button", { name: "Send now to 12" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Send to 12 recipients now?");
  await page.getByRole("button", { name: "Send to 12" }).click();
  await expect(page.getByRole("alertdialog")).toBeHidden();
  await expect(page.getByTestId("broadcast-status")).toHaveAttribute("data-status", /SENDING|COMPLETED/);
  await expect(page.getByRole("progressbar", { name: "Progress" })).toBeVisible();
  await expect(page.getByTestId("broadcast-status")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("metric-sent")).toHaveText("12");
  await expect(page.getByTestId("metric-failed")).toHaveText("0");
  // Statuses keep arriving after the last send: delivered and read reach every recipient.
  await expect(page).toHaveURL(/broadcasts\//);
  await page.reload();
  await expect(page.getByTestId("metric-read")).toHaveText("12", { timeout: 30_000 });
  await expect(page.getByTestId("metric-delivered")).toHaveText("12");
  await expect(page.getByTestId("recipient-row")).toHaveCount(12);
  await page.getByLabel("Show").selectOption("failed");
  await expect(page.getByText("No recipients here.")).toBeVisible();
});
