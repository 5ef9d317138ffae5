import { expect, test } from "@playwright/test";
import { PORT_B } from "../playwright.config";
import { addMember, DEMO, newPage, signInAsOwner } from "./fixtures";

test("an event published by one instance reaches a browser connected to the other", async ({
  page,
  browser,
}) => {
  // Browser A watches the Members page through instance A (port of baseURL).
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/settings/members`);
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");

  // Browser B works through instance B, a separate process sharing only PostgreSQL.
  const other = await newPage(browser);
  const originB = `http://127.0.0.1:${PORT_B}`;
  await signInAsOwner(other, originB);
  const email = `realtime-${Date.now()}@example.test`;
  await addMember(other, email, "Admin", originB);

  // A sees the new member without reloading.
  await expect(page.getByTestId("member-row").filter({ hasText: email })).toContainText("Admin");
});
