import { expect, test } from "@playwright/test";
import { newPage, signInAsOwner } from "./fixtures";

test("a customer's message appears in the operator's inbox live, and the operator's reply reaches the phone", async ({
  page,
  browser,
}) => {
  await signInAsOwner(page);
  await page.goto("/p/demo/inbox");
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
