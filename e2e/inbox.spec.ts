import { expect, test } from "@playwright/test";
import { DEMO, newPage, signInAsOwner } from "./fixtures";

test("a customer's message appears in the operator's inbox live, and the operator's reply reaches the phone", async ({
  page,
  browser,
}) => {
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/inbox`);
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");

  // The customer, on the simulated phone in another browser.
  const phone = await newPage(browser);
  await signInAsOwner(phone);
  const customer = `1555${Date.now().toString().slice(-7)}`;
  const name = `Inbox Tester ${customer.slice(-4)}`;
  await phone.goto("/sandbox");
  await phone.getByLabel("Customer phone (digits)").fill(customer);
  await phone.getByLabel("Customer name").fill(name);
  await phone.getByLabel("Message").fill("Do you ship to Lisbon?");
  await phone.getByLabel("Message").press("Enter");

  // The operator sees it without reloading, unread.
  const item = page.getByTestId("conversation-item").filter({ hasText: name });
  await expect(item).toContainText("Do you ship to Lisbon?");
  await expect(item).toContainText("1 unread");
  await item.click();
  await expect(page.getByTestId("thread")).toContainText("Do you ship to Lisbon?");
  await expect(page.getByText(/window open · closes in 23 h/i)).toBeVisible();

  // Reply with Enter; the tick moves to read as the simulator reports it.
  await page.getByRole("textbox", { name: "Reply" }).fill("Yes, in 2 days.");
  await page.getByRole("textbox", { name: "Reply" }).press("Enter");
  const reply = page.getByTestId("thread-message").filter({ hasText: "Yes, in 2 days." });
  await expect(reply).toHaveAttribute("data-status", "READ");
  await expect(phone.getByTestId("phone-message").filter({ hasText: "Yes, in 2 days." })).toBeVisible();
  await expect(item).not.toContainText("unread");
});

test("after a dropped connection the inbox catches up with what arrived while it was away", async ({
  page,
  browser,
}) => {
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/inbox`);
  const status = page.getByTestId("realtime-status");
  await expect(status).toHaveAttribute("data-status", "connected");

  // The operator's network drops; the socket notices.
  await page.context().setOffline(true);
  await expect(status).not.toHaveAttribute("data-status", "connected", { timeout: 30_000 });

  const phone = await newPage(browser);
  await signInAsOwner(phone);
  const customer = `1555${Date.now().toString().slice(-7)}`;
  const name = `Offline Tester ${customer.slice(-4)}`;
  await phone.goto("/sandbox");
  await phone.getByLabel("Customer phone (digits)").fill(customer);
  await phone.getByLabel("Customer name").fill(name);
  await phone.getByLabel("Message").fill("Sent while you were offline");
  await phone.getByLabel("Message").press("Enter");
  await expect(
    phone.getByTestId("phone-message").filter({ hasText: "Sent while you were offline" }),
  ).toBeVisible();

  // Back online: the socket reconnects and the list refetches, so the missed message shows up.
  await page.context().setOffline(false);
  await expect(status).toHaveAttribute("data-status", "connected", { timeout: 30_000 });
  await expect(page.getByTestId("conversation-item").filter({ hasText: name })).toContainText(
    "Sent while you were offline",
  );
});
