import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { DEMO, signInAsOwner } from "./fixtures";
import { E2E_DATABASE_URL } from "./workflow-db";

// What a new user tripped over in the inbox, settings and embeds, each checked the way they met it.

test.describe.configure({ timeout: 60_000 });

async function sandboxNumberId(): Promise<string> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    const r = await client.query<{ id: string }>(
      `SELECT n.id FROM "PhoneNumber" n JOIN "Project" p ON p.id = n."projectId"
       WHERE p.slug = $1 AND n.kind = 'SANDBOX' ORDER BY n."createdAt" LIMIT 1`,
      [DEMO.slug],
    );
    const id = r.rows[0]?.id;
    if (!id) throw new Error("no sandbox number");
    return id;
  } finally {
    await client.end();
  }
}

/** A customer writes from the sandbox phone's API; returns the conversation opened in the inbox. */
async function customerWrites(page: Page, name: string, text: string) {
  const waId = `3069${Date.now().toString().slice(-8)}`;
  const res = await page.request.post("/api/sandbox/phone", {
    data: { numberId: await sandboxNumberId(), customer: { waId, name }, kind: "text", text },
  });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto(`/p/${DEMO.slug}/inbox`);
  const item = page.getByTestId("conversation-item").filter({ hasText: name });
  await item.click();
  await expect(page.getByTestId("thread").getByText(text)).toBeVisible();
  return item;
}

test("status filter URLs: one lower-case spelling, read in any case, as the README says", async ({
  page,
}) => {
  await signInAsOwner(page);
  const tab = (name: string) => page.getByRole("tablist", { name: "Status" }).getByRole("tab", { name });
  for (const [url, selected] of [
    ["", "Active"],
    ["?status=active", "Active"],
    ["?status=ended", "Ended"],
    ["?status=ENDED", "Ended"],
    ["?status=all", "All"],
    ["?status=All", "All"],
  ] as const) {
    await page.goto(`/p/${DEMO.slug}/inbox${url}`);
    await expect(tab(selected)).toHaveAttribute("aria-selected", "true");
  }
  await tab("Ended").click();
  await expect(page).toHaveURL(/[?&]status=ended(&|$)/);
  await tab("Active").click();
  await expect(page).not.toHaveURL(/status=/);
});

test("forms keep what was typed when the server refuses it, with the error on the field", async ({
  page,
}) => {
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/settings/members`);
  await page.getByRole("button", { name: "Add member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(DEMO.email);
  await dialog.getByLabel("Name").fill("Someone I know");
  await dialog.getByRole("button", { name: "Add member" }).click();
  await expect(dialog.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Email")).toHaveValue(DEMO.email);
  await expect(dialog.getByLabel("Name")).toHaveValue("Someone I know");
  await expect(dialog).toContainText(/already a member/i);
  await page.keyboard.press("Escape");

  await page.goto(`/p/${DEMO.slug}/settings/account`);
  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel("New password", { exact: true }).fill("a-new-password-123");
  await page.getByLabel("Repeat new password").fill("a-new-password-123");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Current password")).toHaveValue("not-my-password");
  await expect(page.getByLabel("New password", { exact: true })).toHaveValue("a-new-password-123");
  await expect(page.getByText("Not correct")).toBeVisible();
});

test("a closed conversation says so and offers Reopen instead of the reply box", async ({ page }) => {
  await signInAsOwner(page);
  await customerWrites(page, "Closing Carla", "Thanks, that is all!");
  await page.getByRole("button", { name: "Close" }).click();
  const closed = page.getByTestId("conversation-closed");
  await expect(closed).toContainText("This conversation is closed.");
  // The "Conversation closed" toast (with its Undo) sits above the Reopen bar, not over it.
  const toast = page.locator("[data-sonner-toast]").filter({ hasText: "Conversation closed." });
  await expect(toast).toBeVisible();
  // (Polled: the toast slides up into place.)
  await expect
    .poll(async () => {
      const [t, c] = [await toast.boundingBox(), await closed.boundingBox()];
      return t && c ? Math.round(c.y - (t.y + t.height)) : null;
    })
    .toBeGreaterThanOrEqual(0);
  await expect(page.getByRole("textbox", { name: "Reply" })).toHaveCount(0);
  await expect(page.getByTestId("window-state")).toHaveCount(0);
  await closed.getByRole("button", { name: "Reopen" }).click();
  await expect(page.getByRole("textbox", { name: "Reply" })).toBeVisible();
  await expect(page.getByTestId("conversation-status")).toHaveText("active");
});

test("offline: a send waits and goes out when the connection is back; picking a conversation stays in the app", async ({
  page,
  context,
}) => {
  await signInAsOwner(page);
  await customerWrites(page, "Offline Olga", "Are you there?");
  await customerWrites(page, "Offline Omar", "Hello?");
  await context.setOffline(true);
  await page.getByRole("textbox", { name: "Reply" }).fill("Yes, one moment please");
  await page.getByRole("textbox", { name: "Reply" }).press("Enter");
  const waiting = page.getByTestId("outgoing");
  await expect(waiting).toHaveAttribute("data-state", "waiting");
  await expect(waiting).toContainText("Connection lost");
  await expect(waiting).not.toContainText("Failed to fetch");

  // Picking another conversation needs no server: the app stays, it does not fall into an error page.
  await page.getByTestId("conversation-item").filter({ hasText: "Offline Olga" }).click();
  await expect(page).toHaveURL(new RegExp(`/p/${DEMO.slug}/inbox\\?.*c=`));
  await expect(page.getByRole("region", { name: "Conversation list" })).toBeVisible();
  await page.getByTestId("conversation-item").filter({ hasText: "Offline Omar" }).click();
  await expect(page.getByTestId("outgoing")).toHaveAttribute("data-state", "waiting");

  await context.setOffline(false);
  await expect(page.getByTestId("outgoing")).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId("thread").getByText("Yes, one moment please")).toBeVisible();
});

test("a document in the thread shows its type and size (the media HEAD answer carries it)", async ({
  page,
}) => {
  await signInAsOwner(page);
  await customerWrites(page, "Paper Paula", "Can you send me the invoice?");
  const pdf = Buffer.from("%PDF-1.4\n% an invoice\n%%EOF\n");
  await page
    .getByTestId("attach-input")
    .setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: pdf });
  const doc = page.getByTestId("thread-message").filter({ hasText: "invoice.pdf" });
  await expect(doc).toContainText(`PDF · ${pdf.length} B`, { timeout: 15_000 });
  await expect(doc).not.toContainText("not available");
});

test("on a touch screen the inbox shows no keyboard hints", async ({ browser }) => {
  const context = await browser.newContext({
    hasTouch: true,
    isMobile: true,
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  try {
    await signInAsOwner(page);
    await customerWrites(page, "Touch Tomas", "Hi from my phone");
    await expect(page.getByRole("textbox", { name: "Reply" })).toHaveAttribute(
      "placeholder",
      "Write a reply…",
    );
    await page.getByRole("button", { name: "Back to conversations" }).click();
    await expect(page.getByLabel("Search conversations")).toHaveAttribute(
      "placeholder",
      "Search name, number or message",
    );
    await expect(page.getByRole("button", { name: "Keyboard shortcuts" })).toBeHidden();
  } finally {
    await context.close();
  }
});

test("a revoked embed says so at once, and its 401 page may still be framed by the allowed origins", async ({
  page,
  browser,
}) => {
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/settings/embeds`);
  await page.getByRole("button", { name: "Create embed" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Revoke me");
  await dialog.getByLabel("Allowed origins").fill("https://host.example");
  await dialog.getByRole("button", { name: "Create embed" }).click();
  const token = (await dialog.getByTestId("new-embed-token").textContent())?.trim() ?? "";
  await dialog.getByRole("button", { name: "Done" }).click();

  // Loading the page is not use: the browser may refuse to frame it. Its API calls are.
  const row = page.getByTestId("embed-row").filter({ hasText: "Revoke me" });
  const embedContext = await browser.newContext();
  const embed = await embedContext.newPage();
  try {
    const first = await embed.request.get(`/embed/${token}`);
    expect(first.status()).toBe(200);
    await page.reload();
    await expect(row).toContainText("Never");

    await embed.goto(`/embed/${token}`);
    await expect(embed.getByRole("region", { name: "Conversation list" })).toBeVisible();

    await row.getByRole("button", { name: "Revoke Revoke me", exact: true }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: /Revoke/ })
      .click();
    await expect(embed.getByText("This inbox link is no longer valid")).toBeVisible({ timeout: 10_000 });

    const again = await embed.request.get(`/embed/${token}`);
    expect(again.status()).toBe(401);
    expect(again.headers()["content-security-policy"]).toContain(
      "frame-ancestors 'self' https://host.example",
    );
  } finally {
    await embedContext.close();
  }
});
