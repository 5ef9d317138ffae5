import http from "node:http";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { PORT_A } from "../playwright.config";
import { DEMO, newPage, signInAsOwner } from "./fixtures";

// The embedded inbox as a customer's app uses it: a host page on another origin frames /embed/{token}.
const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/switchboard_e2e";
const APP = `http://127.0.0.1:${PORT_A}`;
const ALLOWED_PORT = Number(process.env.E2E_HOST_PORT ?? 3991);
const OTHER_PORT = ALLOWED_PORT + 1;

function hostServer(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? "/", "http://x").searchParams.get("token") ?? "";
    res.setHeader("content-type", "text/html");
    res.end(
      `<!doctype html><title>Host app</title><h1>Host app</h1>
       <iframe id="inbox" src="${APP}/embed/${token}?mode=light" style="width:1100px;height:700px;border:0"></iframe>`,
    );
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

async function createEmbed(page: Page, name: string, numberLabel: string, origin: string) {
  await page.goto(`/p/${DEMO.slug}/settings/embeds`);
  await page.getByRole("button", { name: "Create embed" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByText("One phone number").click();
  await dialog.locator("#embed-scope-id").click();
  await page.getByRole("option", { name: new RegExp(numberLabel.replace(/[+]/g, "\\+")) }).click();
  await dialog.getByLabel("Allowed origins").fill(origin);
  await dialog.getByRole("button", { name: "Create embed" }).click();
  const token = (await dialog.getByTestId("new-embed-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^sbe_/);
  await dialog.getByRole("button", { name: "Done" }).click();
  return token;
}

test("an embed shows only its number's conversations live, refuses other origins, and its token opens nothing else", async ({
  page,
  browser,
}) => {
  const servers = await Promise.all([hostServer(ALLOWED_PORT), hostServer(OTHER_PORT)]);
  try {
    await signInAsOwner(page);
    // A second sandbox number, so there is something outside the first embed's scope.
    await page.goto(`/p/${DEMO.slug}/numbers`);
    await page.getByRole("button", { name: "Add sandbox number" }).click();
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const numbers = await expect
      .poll(async () => {
        const r = await client.query<{ displayPhoneNumber: string }>(
          `SELECT n."displayPhoneNumber" FROM "PhoneNumber" n JOIN "Project" p ON p.id = n."projectId"
           WHERE p.slug = $1 AND n.kind = 'SANDBOX' ORDER BY n."createdAt"`,
          [DEMO.slug],
        );
        return r.rows.map((x) => x.displayPhoneNumber);
      })
      .toHaveLength(2)
      .then(async () =>
        (
          await client.query<{ displayPhoneNumber: string }>(
            `SELECT n."displayPhoneNumber" FROM "PhoneNumber" n JOIN "Project" p ON p.id = n."projectId"
             WHERE p.slug = $1 AND n.kind = 'SANDBOX' ORDER BY n."createdAt"`,
            [DEMO.slug],
          )
        ).rows.map((x) => x.displayPhoneNumber),
      );
    await client.end();
    const [first, second] = numbers as [string, string];

    const allowed = `http://127.0.0.1:${ALLOWED_PORT}`;
    const tokenOne = await createEmbed(page, "Number one", first, allowed);
    const tokenTwo = await createEmbed(page, "Number two", second, allowed);

    // Both embeds load inside the allowed host page, with no session cookie of their own.
    const hostContext = await browser.newContext();
    const hostOne = await hostContext.newPage();
    const hostTwo = await hostContext.newPage();
    await hostOne.goto(`${allowed}/?token=${tokenOne}`);
    await hostTwo.goto(`${allowed}/?token=${tokenTwo}`);
    const frameOne = hostOne.frameLocator("#inbox");
    const frameTwo = hostTwo.frameLocator("#inbox");
    await expect(frameOne.getByRole("heading", { name: "Inbox" })).toBeVisible();
    await expect(frameTwo.getByRole("heading", { name: "Inbox" })).toBeVisible();

    // A customer writes to the first number: it appears live in embed one and never in embed two.
    const phone = await newPage(browser);
    await signInAsOwner(phone);
    const digits = `1555${Date.now().toString().slice(-7)}`;
    const name = `Embed Tester ${digits.slice(-4)}`;
    await phone.goto("/sandbox");
    await phone.getByLabel("Business number").click();
    await phone.getByRole("option", { name: new RegExp(first.replace(/[+]/g, "\\+")) }).click();
    await phone.getByLabel("Customer phone (digits)").fill(digits);
    await phone.getByLabel("Customer name").fill(name);
    await phone.getByLabel("Message").fill("Hello from inside the host app");
    await phone.getByLabel("Message").press("Enter");

    const item = frameOne.getByTestId("conversation-item").filter({ hasText: name });
    await expect(item).toContainText("Hello from inside the host app");
    await item.click();
    await frameOne.getByRole("textbox", { name: "Reply" }).fill("Answered from the embed");
    await frameOne.getByRole("textbox", { name: "Reply" }).press("Enter");
    await expect(
      phone.getByTestId("phone-message").filter({ hasText: "Answered from the embed" }),
    ).toBeVisible();
    await expect(frameTwo.getByTestId("conversation-item").filter({ hasText: name })).toHaveCount(0);

    // Embed two's token cannot read, write, assign or close that conversation by guessing its id.
    const conversationId = (await item.getAttribute("data-conversation-id")) ?? "";
    const api = hostOne.request;
    const base = `${APP}/api/embed/${tokenTwo}/conversations/${conversationId}`;
    expect((await api.get(`${base}/messages`)).status()).toBe(404);
    expect((await api.post(`${base}/messages`, { data: { text: "sneaky" } })).status()).toBe(404);
    expect((await api.post(`${base}/assignment`, { data: { userId: null } })).status()).toBe(404);
    expect((await api.patch(base, { data: { status: "ENDED" } })).status()).toBe(404);
    const list = await (await api.get(`${APP}/api/embed/${tokenTwo}/conversations?status=all`)).json();
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(conversationId);
    expect((await api.get(`${APP}/api/embed/sbe_${"x".repeat(43)}/conversations`)).status()).toBe(401);
    // A page on an origin the embed does not allow cannot call its API, even with the right token.
    const fromStranger = await api.post(
      `${APP}/api/embed/${tokenOne}/conversations/${conversationId}/messages`,
      {
        data: { text: "from a stranger" },
        headers: { origin: `http://127.0.0.1:${OTHER_PORT}` },
      },
    );
    expect(fromStranger.status()).toBe(403);

    // The same embed framed by an origin it does not allow is refused by the browser.
    const policy = (await api.get(`${APP}/embed/${tokenOne}`)).headers()["content-security-policy"];
    // The page's own policy (a script nonce …) ends with who may frame it: the allowed origins only.
    expect(policy).toMatch(new RegExp(`frame-ancestors 'self' ${allowed.replace(/[.]/g, "\\.")}$`));
    expect(policy).toMatch(/script-src 'self' 'nonce-/);
    const stranger = await hostContext.newPage();
    await stranger.goto(`http://127.0.0.1:${OTHER_PORT}/?token=${tokenOne}`);
    await expect
      .poll(
        () =>
          stranger
            .frames()
            .find((f) => f !== stranger.mainFrame())
            ?.url() ?? "",
      )
      .toMatch(/^chrome-error:/);
    await expect(stranger.frameLocator("#inbox").getByRole("heading", { name: "Inbox" })).toHaveCount(0);
    await expect(hostOne.frameLocator("#inbox").getByRole("heading", { name: "Inbox" })).toBeVisible();

    // An unknown token gets the 401 page.
    const bad = await page.goto(`/embed/sbe_${"y".repeat(43)}`);
    expect(bad?.status()).toBe(401);
  } finally {
    for (const s of servers) s.close();
  }
});
