import { randomBytes } from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { DATABASE_URL, serverEnv } from "../playwright.config";

// Every test gets its own tenant: a project (with its sandbox number) and an owner, made by the app's
// own factories (prisma/factories.ts) against the servers' database. Tests no longer share the demo
// project, so one test's conversations, members or keys never show up in another's assertions.

export interface Tenant {
  email: string;
  password: string;
  slug: string;
  projectId: string;
  name: string;
  /** The owner's display name. */
  ownerName: string;
}

const tenants = new Map<string, Promise<Tenant>>();

async function createTenant(): Promise<Tenant> {
  // The factories read the same variables the servers run with (ENCRYPTION_KEY seals the sandbox
  // number's token, so it must match).
  Object.assign(process.env, { ...serverEnv, DATABASE_URL });
  const { makeProject } = await import("../prisma/factories");
  const { db } = await import("../lib/db/client");
  const { hashPassword } = await import("../lib/auth/password");
  const id = randomBytes(4).toString("hex");
  const ctx = await makeProject({ name: `E2E ${id}` });
  const password = `e2e-password-${id}`;
  const email = `owner-${id}@e2e.test`;
  await db().user.update({
    where: { id: ctx.user.id },
    data: { email, name: `Owner ${id}`, passwordHash: await hashPassword(password) },
  });
  return {
    email,
    password,
    slug: ctx.project.slug,
    projectId: ctx.project.id,
    name: ctx.project.name,
    ownerName: `Owner ${id}`,
  };
}

/** The current test's tenant, made on first use. */
export function tenant(): Promise<Tenant> {
  const key = test.info().testId;
  let t = tenants.get(key);
  if (!t) {
    t = createTenant();
    // Registered before any caller awaits it, so DEMO works right after `await tenant()`.
    void t.then((v) => settled.set(key, v));
    tenants.set(key, t);
  }
  return t;
}

function currentTenant(): Tenant & { ready: true } {
  const key = test.info().testId;
  const ready = settled.get(key);
  if (!ready) throw new Error("call signInAsOwner(page) (or await tenant()) before using DEMO");
  return { ...ready, ready: true };
}
const settled = new Map<string, Tenant>();

/**
 * The current test's owner account and project (kept under the old name so specs written against the
 * shared demo project read the same). Available once signInAsOwner or tenant() has run in the test.
 */
export const DEMO = {
  get email() {
    return currentTenant().email;
  },
  get password() {
    return currentTenant().password;
  },
  get slug() {
    return currentTenant().slug;
  },
  get name() {
    return currentTenant().name;
  },
  get ownerName() {
    return currentTenant().ownerName;
  },
};

/** The account the first start creates, with the password the console prints. */
export const DEMO_OWNER = { email: "owner@switchboard.local", password: "switchboard", slug: "demo" };

export async function signIn(page: Page, email: string, password: string, origin = "") {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in as the current test's owner and waits for its inbox. */
export async function signInAsOwner(page: Page, origin = "") {
  const t = await tenant();
  settled.set(test.info().testId, t);
  await signIn(page, t.email, t.password, origin);
  await expect(page).toHaveURL(new RegExp(`/p/${t.slug}/inbox$`));
  return t;
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

/** Creates an API key on Settings → API keys and returns it (it is shown once). */
export async function createApiKey(page: Page, name: string): Promise<string> {
  await page.goto(`/p/${DEMO.slug}/settings/api-keys`);
  await page.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: /Create/ }).click();
  const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^sbk_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  return key;
}

/**
 * A new member's first sign-in with the one-time password from addMember: they must choose their own
 * before anything opens. Lands on the project's inbox; returns the password they chose.
 */
export async function signInNewMember(page: Page, email: string, oneTime: string, origin = "") {
  await signIn(page, email, oneTime, origin);
  await expect(page).toHaveURL(/\/change-password$/);
  const chosen = `${oneTime}-mine`;
  await page.getByLabel("Current password").fill(oneTime);
  await page.getByLabel("New password", { exact: true }).fill(chosen);
  await page.getByLabel("Repeat new password").fill(chosen);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/p/${DEMO.slug}/inbox$`));
  return chosen;
}

export async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}
