import { expect, test } from "@playwright/test";
import { DEMO, DEMO_OWNER, signIn, signInAsOwner, tenant } from "./fixtures";

test("an owner signs in, sees the shell and signs out", async ({ page }) => {
  const owner = await tenant();
  await page.goto(`/p/${owner.slug}/inbox`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);

  await signInAsOwner(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const item of ["Inbox", "Workflows", "Templates", "Numbers", "Webhooks", "Settings"]) {
    await expect(nav.getByRole("link", { name: item })).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch project" })).toContainText(owner.name);
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");

  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`/p/${DEMO.slug}/settings`);
  await expect(page).toHaveURL(/\/login/);
});

test("a wrong password or unknown email gets the same message and no session", async ({ page }) => {
  await tenant();
  await signIn(page, DEMO.email, "not-the-password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.email);

  await signIn(page, "nobody@example.test", "whatever-password");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");

  await page.goto(`/p/${DEMO.slug}/inbox`);
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

test("the demo owner's first sign-in must choose a new password before anything else", async ({ page }) => {
  await signIn(page, DEMO_OWNER.email, DEMO_OWNER.password);
  await expect(page).toHaveURL(/\/change-password$/);
  // Nothing else opens, whatever the address.
  await page.goto(`/p/${DEMO_OWNER.slug}/settings/api-keys`);
  await expect(page).toHaveURL(/\/change-password$/);

  await page.getByLabel("Current password").fill(DEMO_OWNER.password);
  await page.getByLabel("New password", { exact: true }).fill(DEMO_OWNER.password);
  await page.getByLabel("Repeat new password").fill(DEMO_OWNER.password);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByText("Same as the current password")).toBeVisible();

  const chosen = "a-password-of-my-own";
  await page.getByLabel("New password", { exact: true }).fill(chosen);
  await page.getByLabel("Repeat new password").fill(chosen);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/p/${DEMO_OWNER.slug}/inbox$`));

  // The published password no longer works; the chosen one does.
  const other = await page.context().browser()!.newContext();
  const fresh = await other.newPage();
  await signIn(fresh, DEMO_OWNER.email, DEMO_OWNER.password);
  await expect(fresh.getByRole("main").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await signIn(fresh, DEMO_OWNER.email, chosen);
  await expect(fresh).toHaveURL(new RegExp(`/p/${DEMO_OWNER.slug}/inbox$`));
  await other.close();
});

test("a signed-out session's cookie stops working everywhere at once", async ({ page, browser }) => {
  await signInAsOwner(page);
  const cookies = await page.context().cookies();
  // A copy of the cookie, as a stolen or second-tab session would hold it.
  const copy = await browser.newContext();
  await copy.addCookies(cookies);
  const copied = await copy.newPage();
  await copied.goto(`/p/${DEMO.slug}/inbox`);
  await expect(copied).toHaveURL(new RegExp(`/p/${DEMO.slug}/inbox$`));

  await page.getByTestId("user-menu").click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await copied.goto(`/p/${DEMO.slug}/inbox`);
  await expect(copied).toHaveURL(/\/login/);
  const api = await copied.request.get(`/api/projects/${(await tenant()).projectId}/members`);
  expect(api.status()).toBe(401);
  await copy.close();
});

test("pages run under a nonce CSP with no violations, and every response carries the safety headers", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  const login = await page.goto("/login");
  const csp = login?.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'self'");
  expect(login?.headers()["x-content-type-options"]).toBe("nosniff");
  expect(login?.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Next's own inline scripts carry the nonce, so the page hydrates and signing in works.
  await signInAsOwner(page);
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");
  expect(violations).toEqual([]);

  const api = await page.request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["referrer-policy"]).toBeTruthy();
  expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
});

test("served media keeps its sandboxing CSP, so an uploaded SVG cannot run script", async ({ page }) => {
  const owner = await signInAsOwner(page);
  const { storeMediaFile } = await import("../lib/media/store");
  const { db } = await import("../lib/db/client");
  const number = await db().phoneNumber.findFirstOrThrow({
    where: { projectId: owner.projectId },
    select: { id: true },
  });
  const mediaId = `svg-${Date.now()}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="pwned"</script></svg>`;
  await storeMediaFile({
    projectId: owner.projectId,
    phoneNumberId: number.id,
    metaMediaId: mediaId,
    bytes: new TextEncoder().encode(svg),
    mimeType: "image/svg+xml",
    sha256: "x",
    filename: "drawing.svg",
  });
  const url = `/api/projects/${owner.projectId}/inbox/media/${mediaId}`;
  const res = await page.request.get(url);
  expect(res.status()).toBe(200);
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("sandbox");
  expect(csp).toContain("default-src 'none'");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  await page.goto(url);
  await expect.poll(() => page.title()).not.toBe("pwned");
});
