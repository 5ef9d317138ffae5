import { type Browser, expect, type Page } from "@playwright/test";

export const DEMO = { email: "owner@switchboard.local", password: "switchboard", slug: "demo" };

export async function signIn(page: Page, email: string, password: string, origin = "") {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAsOwner(page: Page, origin = "") {
  await signIn(page, DEMO.email, DEMO.password, origin);
  await expect(page).toHaveURL(/\/p\/demo\/inbox$/);
}

/** Adds a member through the Members page and returns the one-time password shown for the new account. */
export async function addMember(page: Page, email: string, role: "Member" | "Admin" = "Member", origin = "") {
  await page.goto(`${origin}/p/${DEMO.slug}/settings/members`);
  await page.getByRole("button", { name: "Add member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  if (role !== "Member") {
    await dialog.getByLabel("Role").click();
    await page.getByRole("option", { name: new RegExp(`^${role}`) }).click();
  }
  await dialog.getByRole("button", { name: "Add member" }).click();
  const password = (await dialog.getByTestId("temporary-password").textContent())?.trim() ?? "";
  expect(password).toHaveLength(12);
  await dialog.getByRole("button", { name: "Done" }).click();
  return password;
}

export async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}
