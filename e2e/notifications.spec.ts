import { expect, test } from "@playwright/test";
import { DEMO, newPage, signInAsOwner } from "./fixtures";

// Browser notifications for a new customer message on an unassigned conversation (issue #10: they never
// fired because the notifier fetched a conversation item without its last message). Notification is
// replaced before any page script runs, so the test sees exactly what the app asks the browser to show.

declare global {
  interface Window {
    __notifications: { title: string; body?: string; tag?: string }[];
  }
}

test("a notification fires for an inbound message on an unassigned conversation", async ({
  page,
  browser,
}) => {
  await page.addInitScript(() => {
    window.__notifications = [];
    class StubNotification {
      static permission: NotificationPermission = "granted";
      static requestPermission = async (): Promise<NotificationPermission> => "granted";
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        window.__notifications.push({ title, body: options?.body, tag: options?.tag });
      }
      close() {}
    }
    Object.defineProperty(window, "Notification", {
      value: StubNotification,
      configurable: true,
      writable: true,
    });
  });
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/inbox`);
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
  await page.getByRole("button", { name: "Turn on notifications" }).click();
  await expect(page.getByRole("button", { name: "Turn off notifications" })).toBeVisible();

  // A new customer writes (a new conversation: nobody is assigned).
  const phone = await newPage(browser);
  await signInAsOwner(phone);
  const customer = `1555${Date.now().toString().slice(-7)}`;
  const name = `Notify Tester ${customer.slice(-4)}`;
  await phone.goto("/sandbox");
  await phone.getByLabel("Customer phone (digits)").fill(customer);
  await phone.getByLabel("Customer name").fill(name);
  await phone.getByLabel("Message").fill("Is anyone there?");
  await phone.getByLabel("Message").press("Enter");

  await expect
    .poll(() => page.evaluate(() => window.__notifications), { timeout: 7_000 })
    .toContainEqual(expect.objectContaining({ title: name, body: "Is anyone there?" }));
  // The row appeared without a reload, and the notifier fetched nothing to decide.
  await expect(page.getByTestId("conversation-item").filter({ hasText: name })).toContainText(
    "Is anyone there?",
  );
});
