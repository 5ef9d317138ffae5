import { expect, test } from "@playwright/test";
import { addMember, DEMO, newPage, signInAsOwner, signInNewMember } from "./fixtures";

test("a MEMBER gets a 403 page on admin pages and a 403 from admin APIs", async ({ page, browser }) => {
  await signInAsOwner(page);
  const email = `agent-${Date.now()}@example.test`;
  const password = await addMember(page, email);
  await expect(page.getByTestId("member-row").filter({ hasText: email })).toContainText("Member");

  const member = await newPage(browser);
  await signInNewMember(member, email, password);
  await expect(member).toHaveURL(new RegExp(`/p/${DEMO.slug}/inbox$`));
  const nav = member.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Inbox" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Numbers" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Webhooks" })).toHaveCount(0);

  for (const path of [
    `/p/${DEMO.slug}/settings/members`,
    `/p/${DEMO.slug}/numbers`,
    `/p/${DEMO.slug}/webhooks`,
  ]) {
    const res = await member.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(member.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  }
  // Settings for a member is their account only.
  await member.goto(`/p/${DEMO.slug}/settings`);
  await expect(member).toHaveURL(/\/settings\/account$/);

  const projectId = await page.locator("[data-project-id]").first().getAttribute("data-project-id");
  const api = await member.request.get(`/api/projects/${projectId}/members`);
  expect(api.status()).toBe(403);
  expect((await api.json()).error).toBeTruthy();
});

test("the last owner cannot be removed or demoted from the Members page", async ({ page }) => {
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/settings/members`);
  const row = page.getByTestId("member-row").filter({ hasText: DEMO.email });
  await row.getByRole("button", { name: /Actions for/ }).click();
  await expect(page.getByRole("menuitem", { name: "Last owner cannot be removed" })).toBeDisabled();
  await expect(page.getByRole("menuitemradio", { name: "Admin" })).toBeDisabled();
});
