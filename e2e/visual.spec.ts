import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { seedCustomersAndBroadcasts } from "./customers-seed";
import { createApiKey, DEMO, signInAsOwner, tenant } from "./fixtures";
import { E2E_DATABASE_URL, insertWorkflow } from "./workflow-db";

// The visual pass: every page at a laptop and a phone width, light and dark. Each view must fit its
// width (no sideways scrolling, no clipped labels in the places users tripped over) and is saved to
// test-results/screenshots/ for a person to look at. axe checks the pages operators live in.
// One signed-in context per theme keeps it fast.

const SHOTS = "test-results/screenshots";
const WIDTHS = [
  { name: "1280", width: 1280, height: 800 },
  { name: "390", width: 390, height: 844 },
] as const;
type Theme = "light" | "dark";

interface Seeded {
  namedWaId: string;
  conversationId: string;
  unnamedConversationId: string;
  workflowId: string;
  embedToken: string;
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Customers write from the sandbox phone's API (the real inbound path), so the inbox has a thread. */
async function seed(page: Page): Promise<Seeded> {
  const [number] = await query<{ id: string }>(
    `SELECT n.id FROM "PhoneNumber" n JOIN "Project" p ON p.id = n."projectId"
     WHERE p.slug = $1 AND n.kind = 'SANDBOX' ORDER BY n."createdAt" LIMIT 1`,
    [DEMO.slug],
  );
  if (!number) throw new Error("no sandbox number");
  const say = async (waId: string, name: string, text: string) => {
    const res = await page.request.post("/api/sandbox/phone", {
      data: { numberId: number.id, customer: { waId, name }, kind: "text", text },
    });
    expect(res.status(), await res.text()).toBe(200);
  };
  const suffix = Date.now().toString().slice(-6);
  const named = `52155${suffix}1`;
  const unnamed = `44770${suffix}2`;
  await say(
    named,
    "María Fernanda Díaz-Brunelleschi",
    "Hola! Where is order #4411? It was due yesterday and I need it for a trip.",
  );
  await say(named, "María Fernanda Díaz-Brunelleschi", "Also, can I change the delivery address?");
  await say(unnamed, "Someone", "Hi, is anyone there?");
  // Webhooks refused for a bad signature (what a wrong app secret looks like), for the inbound log.
  await query(
    `INSERT INTO "WebhookRejection" (id, "projectId", "phoneNumberId", reason, hour, count, "lastAt")
     SELECT gen_random_uuid()::text, n."projectId", n.id, 'signature_mismatch', date_trunc('hour', now()), 3, now()
     FROM "PhoneNumber" n WHERE n.id = $1
     ON CONFLICT ("phoneNumberId", reason, hour) DO NOTHING`,
    [number.id],
  );
  const conversation = async (waId: string) => {
    const rows = await expect
      .poll(async () =>
        query<{ id: string }>(
          `SELECT c.id FROM "Conversation" c JOIN "Contact" k ON k.id = c."contactId" WHERE k."waId" = $1`,
          [waId],
        ),
      )
      .toHaveLength(1)
      .then(() =>
        query<{ id: string }>(
          `SELECT c.id FROM "Conversation" c JOIN "Contact" k ON k.id = c."contactId" WHERE k."waId" = $1`,
          [waId],
        ),
      );
    return rows[0]?.id ?? "";
  };
  const workflowId = await insertWorkflow(
    "Visual pass: order status",
    {
      nodes: [
        {
          id: "start",
          type: "flow-node",
          position: { x: 0, y: 0 },
          data: { node_type: "start", config: {} },
        },
        {
          id: "send",
          type: "flow-node",
          position: { x: 0, y: 200 },
          data: {
            node_type: "send_text",
            config: { message: "Hi {{context.name}}, your order is on its way." },
          },
        },
      ],
      edges: [{ id: "e1", source: "start", target: "send", label: "next" }],
    },
    DEMO.slug,
  );
  // One finished run of it (activated on the canvas, started from the Platform API), so Executions lists a
  // row with the step it ended on.
  await page.goto(`/p/${DEMO.slug}/workflows/${workflowId}`);
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByRole("button", { name: "Deactivate" })).toBeVisible();
  const key = await createApiKey(page, "Visual pass");
  const run = await page.request.post(`/platform/v1/workflows/${workflowId}/executions`, {
    headers: { "X-API-Key": key },
    data: { workflow_execution: { phone_number: `+${named}` } },
  });
  expect(run.status(), await run.text()).toBe(202);
  // An embed for the whole project, framable from nowhere but the app itself (the spec opens it directly).
  await page.goto(`/p/${DEMO.slug}/settings/embeds`);
  await page.getByRole("button", { name: "Create embed" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Visual pass");
  await dialog.getByRole("button", { name: "Create embed" }).click();
  const embedToken = (await dialog.getByTestId("new-embed-token").textContent())?.trim() ?? "";
  expect(embedToken).toMatch(/^sbe_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  // A model provider (never called here), so Settings → Models shows a row.
  await page.goto(`/p/${DEMO.slug}/settings/models`);
  await page.getByRole("button", { name: "Add provider" }).first().click();
  const provider = page.getByRole("dialog");
  await provider.getByLabel("Name").fill("OpenAI production");
  await provider.getByLabel("API key").fill("sk-visual-pass-0000-abcd");
  await provider.getByLabel("Default model").fill("gpt-4o-mini");
  await provider.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByTestId("provider-row")).toHaveCount(1);
  // A contact who never shared a profile name (Meta sends none for some accounts), once ingested.
  const unnamedConversationId = await conversation(unnamed);
  await query(`UPDATE "Contact" SET "profileName" = NULL WHERE "waId" = $1`, [unnamed]);
  // A second number, so the inbox shows its number filter ("All numbers" was cut off).
  await page.goto(`/p/${DEMO.slug}/numbers`);
  await page.getByRole("button", { name: "Add sandbox number" }).click();
  await expect(page.getByTestId("number-row")).toHaveCount(2);
  return {
    namedWaId: named,
    conversationId: await conversation(named),
    unnamedConversationId,
    workflowId,
    embedToken,
  };
}

/** Elements (by CSS selector) whose text must not be cut off: their content fits their box. */
async function clipped(page: Page, selectors: string[]): Promise<string[]> {
  return page.evaluate((sels) => {
    const out: string[] = [];
    for (const sel of sels)
      for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
        if (!el.offsetParent && getComputedStyle(el).position !== "fixed") continue;
        if (el.scrollWidth > el.clientWidth + 1)
          out.push(`${sel} "${el.textContent?.trim().slice(0, 40)}" ${el.scrollWidth}>${el.clientWidth}`);
      }
    return out;
  }, selectors);
}

/** Sideways scrolling of the page and of the containers that hold a page together. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`document ${doc.scrollWidth}>${doc.clientWidth}`);
    const containers = 'main, [role="dialog"], [role="alertdialog"], section, nav, header, form';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(containers))) {
      if (!el.offsetParent && getComputedStyle(el).position !== "fixed") continue;
      // A wide table scrolls inside its own container on a phone; that is deliberate.
      if (el.closest('[data-slot="table-container"]')) continue;
      if (el.scrollWidth > el.clientWidth + 1)
        out.push(
          `${el.tagName.toLowerCase()}${el.getAttribute("aria-label") ? `[${el.getAttribute("aria-label")}]` : ""} ${el.scrollWidth}>${el.clientWidth}`,
        );
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1) out.push(`${el.tagName.toLowerCase()} ends at ${r.right}`);
    }
    return out;
  });
}

// Labels that were cut off before: settings tabs, filter selects, dialog titles, the picker's search.
const NEVER_CLIPPED = [
  'nav[aria-label="Settings"] a',
  '[data-slot="select-trigger"] [data-slot="select-value"]',
  '[role="tablist"] [role="tab"]',
  '[role="dialog"] h2',
  '[role="dialog"] input[type="search"]',
  "h1",
  "th",
];

async function check(page: Page, name: string, extra: string[] = []) {
  // Fonts and late layout (virtual lists measure after paint) settle first.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(60);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  expect.soft(await overflow(page), `${name}: horizontal overflow`).toEqual([]);
  expect.soft(await clipped(page, [...NEVER_CLIPPED, ...extra]), `${name}: clipped text`).toEqual([]);
}

async function axe(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect.soft(bad, `${name}: axe serious/critical`).toEqual([]);
}

async function themedContext(browser: Browser, theme: Theme): Promise<BrowserContext> {
  return browser.newContext({ colorScheme: theme, viewport: { width: 1280, height: 800 } });
}

async function pass(browser: Browser, theme: Theme) {
  mkdirSync(SHOTS, { recursive: true });
  const context = await themedContext(browser, theme);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  try {
    await page.goto("/login");
    await page.getByLabel("Email").waitFor();
    for (const w of WIDTHS) {
      await page.setViewportSize(w);
      await check(page, `${theme}-${w.name}-login`);
    }
    await signInAsOwner(page);
    // Each test has its own tenant (e2e/fixtures.ts), so each seeds its own data.
    const s = await seed(page);
    const p = `/p/${DEMO.slug}`;
    const cs = await seedCustomersAndBroadcasts((await tenant()).projectId);
    const pages: { name: string; url: string; ready: (page: Page) => Promise<unknown>; axe?: boolean }[] = [
      {
        name: "inbox",
        url: `${p}/inbox`,
        ready: (pg) => pg.getByTestId("conversation-list").locator("li").first().waitFor(),
        axe: true,
      },
      {
        name: "thread",
        url: `${p}/inbox?c=${s.conversationId}`,
        ready: (pg) => pg.getByTestId("thread").getByText("change the delivery address").waitFor(),
        axe: true,
      },
      {
        name: "thread-unnamed",
        url: `${p}/inbox?c=${s.unnamedConversationId}`,
        ready: (pg) => pg.getByTestId("thread").getByText("is anyone there").waitFor(),
      },
      {
        name: "inbox-ended",
        url: `${p}/inbox?status=ended`,
        ready: (pg) => pg.getByRole("tab").first().waitFor(),
      },
      {
        name: "workflows",
        url: `${p}/workflows`,
        ready: (pg) => pg.getByTestId("workflow-row").first().waitFor(),
      },
      {
        name: "builder",
        url: `${p}/workflows/${s.workflowId}`,
        ready: (pg) => pg.locator(".react-flow__node").first().waitFor(),
        axe: true,
      },
      {
        name: "executions",
        url: `${p}/workflows/${s.workflowId}/executions`,
        // The finished run names the step it ended on (it showed a dash).
        ready: (pg) =>
          expect(pg.getByRole("row").filter({ hasText: "ended" })).toContainText("Send text", {
            timeout: 15_000,
          }),
        axe: true,
      },
      {
        name: "variables",
        url: `${p}/workflows/variables`,
        ready: (pg) => pg.locator("h1").first().waitFor(),
      },
      {
        name: "templates",
        url: `${p}/templates`,
        ready: (pg) => pg.getByTestId("template-row").first().waitFor(),
        axe: true,
      },
      {
        name: "template-editor",
        url: `${p}/templates/new`,
        ready: (pg) => pg.getByTestId("template-bubble").waitFor(),
        axe: true,
      },
      { name: "numbers", url: `${p}/numbers`, ready: (pg) => pg.getByTestId("number-row").first().waitFor() },
      {
        name: "webhooks",
        url: `${p}/webhooks`,
        ready: (pg) => pg.locator("h1").first().waitFor(),
      },
      {
        name: "webhook-deliveries",
        url: `${p}/webhooks?tab=deliveries`,
        ready: (pg) => pg.getByText("Delivery log").first().waitFor(),
        axe: true,
      },
      {
        name: "webhook-inbound",
        url: `${p}/webhooks?tab=inbound`,
        ready: (pg) => pg.getByText("Inbound log").first().waitFor(),
      },
      {
        name: "settings",
        url: `${p}/settings`,
        ready: (pg) => pg.locator("form").first().waitFor(),
        axe: true,
      },
      {
        name: "members",
        url: `${p}/settings/members`,
        ready: (pg) => pg.getByRole("button", { name: "Add member" }).first().waitFor(),
      },
      {
        name: "api-keys",
        url: `${p}/settings/api-keys`,
        ready: (pg) => pg.locator("h2, h1").first().waitFor(),
      },
      {
        name: "embeds",
        url: `${p}/settings/embeds`,
        ready: (pg) => pg.getByText("Visual pass").first().waitFor(),
        axe: true,
      },
      {
        name: "models",
        url: `${p}/settings/models`,
        ready: (pg) => pg.getByTestId("provider-row").first().waitFor(),
        axe: true,
      },
      { name: "account", url: `${p}/settings/account`, ready: (pg) => pg.locator("form").first().waitFor() },
      {
        name: "sandbox",
        url: "/sandbox",
        ready: (pg) => pg.getByLabel("Customer phone (digits)").waitFor(),
      },
      {
        name: "customers",
        url: `${p}/customers`,
        ready: (pg) => pg.getByTestId("customer-row").first().waitFor(),
        axe: true,
      },
      {
        name: "customer",
        url: `${p}/customers/${cs.customerId}`,
        ready: (pg) => pg.getByTestId("customer-number").first().waitFor(),
        axe: true,
      },
      {
        name: "broadcasts",
        url: `${p}/broadcasts`,
        ready: (pg) => pg.getByTestId("broadcast-row").first().waitFor(),
        axe: true,
      },
      {
        name: "broadcast",
        url: `${p}/broadcasts/${cs.broadcastId}`,
        ready: (pg) => pg.getByTestId("recipient-row").first().waitFor(),
        axe: true,
      },
      {
        name: "api-logs",
        url: `${p}/settings/api-logs`,
        ready: (pg) => pg.getByRole("button", { name: "Filter", exact: true }).waitFor(),
        axe: true,
      },
      {
        name: "setup",
        url: `/setup/${cs.setupToken}`,
        ready: (pg) => pg.getByRole("button", { name: "Create sandbox number" }).waitFor(),
        axe: true,
      },
      {
        name: "embed",
        url: `/embed/${s.embedToken}?mode=${theme}`,
        ready: (pg) => pg.getByTestId("conversation-list").locator("li").first().waitFor(),
        axe: true,
      },
    ];
    // The business profile of the project's first number (its id is on the Numbers page's row).
    await page.goto(`${p}/numbers`);
    const numberId = await page.getByTestId("number-row").first().getAttribute("data-number-id");
    pages.push({
      name: "business-profile",
      url: `${p}/numbers/${numberId}/profile`,
      ready: (pg) => pg.getByTestId("profile-preview").waitFor(),
      axe: true,
    });
    for (const w of WIDTHS) {
      await page.setViewportSize(w);
      for (const v of pages) {
        await page.goto(v.url);
        await v.ready(page).catch((e: Error) => {
          throw new Error(`${theme}-${w.name}-${v.name} did not load: ${e.message}`);
        });
        await check(page, `${theme}-${w.name}-${v.name}`);
        if (v.axe && w.name === "1280") await axe(page, `${theme}-${v.name}`);
      }
      // The template picker (the only way to reach a customer outside the 24-hour window).
      await page.goto(`${p}/inbox?c=${s.conversationId}`);
      await page.getByTestId("thread").getByText("change the delivery address").waitFor();
      await page.getByRole("button", { name: "Send a template" }).click();
      await page.getByRole("dialog").waitFor();
      await check(page, `${theme}-${w.name}-template-picker`);
      await page.keyboard.press("Escape");
      // The contact panel beside the thread.
      await page.keyboard.press("i");
      await page.getByRole("complementary", { name: "Contact details" }).waitFor();
      // At 1280 the panel must leave the thread its title (it squeezed it to "Brun…"); a phone shows one.
      await check(
        page,
        `${theme}-${w.name}-contact-panel`,
        w.name === "1280" ? ['[data-testid="thread-title"]'] : [],
      );
      // The sandbox phone's reaction bar stays inside the phone and closes again.
      await page.goto("/sandbox");
      await page.getByLabel("Customer phone (digits)").fill(s.namedWaId);
      const bubble = page.getByTestId("phone-message").first();
      await bubble.hover();
      await bubble.getByRole("button", { name: "React" }).click();
      const bar = page.getByTestId("phone-reactions");
      await bar.waitFor();
      const phone = await page.getByTestId("phone-thread").boundingBox();
      const box = await bar.boundingBox();
      expect.soft(phone && box && box.x >= phone.x && box.x + box.width <= phone.x + phone.width).toBe(true);
      await check(page, `${theme}-${w.name}-sandbox-reactions`);
      await page.keyboard.press("Escape");
      await expect(bar).toBeHidden();
    }
    // The embed must not have changed the dashboard's theme (they share one origin's storage).
    await page.goto(`/embed/${s.embedToken}?mode=${theme === "dark" ? "light" : "dark"}`);
    await page.getByRole("region", { name: "Conversation list" }).waitFor();
    await page.goto(`${p}/inbox`);
    await expect(page.locator("html")).toHaveClass(
      new RegExp(theme === "dark" ? "\\bdark\\b" : "^(?!.*\\bdark\\b)"),
    );
  } finally {
    await context.close();
  }
}

test.describe("visual pass", () => {
  // Every page at two widths with axe; on a busy 2-core machine one theme's pass takes over 2.5 minutes.
  test.setTimeout(300_000);
  test("light: every page fits at 1280 and 390, and axe finds nothing serious", async ({ browser }) => {
    await pass(browser, "light");
  });
  test("dark: every page fits at 1280 and 390, and axe finds nothing serious", async ({ browser }) => {
    await pass(browser, "dark");
  });
});
