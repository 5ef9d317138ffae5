import { expect, test } from "@playwright/test";
import { DEMO, signIn, signInAsOwner } from "./fixtures";

test("the demo owner signs in, sees the shell and signs out", async ({ page }) => {
  await page.goto("/p/demo/inbox");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);

  await signInAsOwner(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const item of ["Inbox", "Workflows", "Templates", "Numbers", "Webhooks", "Settings"]) {
    await expect(nav.getByRole("link", { name: item })).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch project" })).toContainText("Demo");
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");

  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/p/demo/settings");
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password or unknown email gets the same message and no session", async ({ page }) => {
  await signIn(page, DEMO.email, "not-the-password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.email);

  await signIn(page, "nobody@example.test", "whatever-password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");

  await page.goto("/p/demo/inbox");
  await expect(page).toHaveURL(/\/login/);
});

test("signing in is refused after repeated failures for the same account", async ({ page }) => {
  const email = `locked-${Date.now()}@example.test`;
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong-${i}`);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");
  }
  await signIn(page, email, "wrong-again");
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many failed attempts");
});

test("the health endpoint reports database, jobs and realtime", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.database).toMatchObject({ status: "up", kind: "postgres" });
  expect(body.jobs.status).toBe("up");
  expect(body.realtime).toMatchObject({ status: "up", adapter: "postgres" });
});
