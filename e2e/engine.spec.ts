import { expect, type Locator, type Page, test } from "@playwright/test";
import { createApiKey, DEMO, newPage, signInAsOwner, tenant } from "./fixtures";
import { insertWorkflow, startOnly } from "./workflow-db";

// Issue #12's done-when: a workflow built on the canvas (send text → wait → decide → send template /
// handoff) answers a customer writing from /sandbox, the operator sees it Running then Handoff in the
// inbox, its path is drawn on the canvas, and an API-triggered execution returns 202 and is listed.

test.use({ viewport: { width: 1440, height: 1100 } });

// Engine steps go through the outbox, jobs and the simulator's webhooks: upper bounds, not delays.
const ENGINE = { timeout: 45_000 };

const nodes = (page: Page) => page.locator(".react-flow__node");
const edges = (page: Page) => page.locator(".react-flow__edge");
const node = (page: Page, type: string) => page.locator(`.react-flow__node:has([data-node-type="${type}"])`);

async function center(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error("not visible");
  return { x: b.x + b.width / 2, y: b.y + b.height / 2, b };
}

/** Drag a palette entry onto the canvas at a page position. */
async function dropStep(page: Page, type: string, at: { x: number; y: number }) {
  const pane = page.locator(".react-flow__pane");
  const before = await nodes(page).count();
  // The inspector of the step dropped last may still be opening over the canvas: deselect first, and
  // drop again if the step did not land (a drop that hit the closing inspector adds nothing).
  await expect(async () => {
    if ((await nodes(page).count()) === before) {
      await pane.click({ position: { x: 5, y: 5 } });
      const paneBox = await pane.boundingBox();
      if (!paneBox) throw new Error("no pane");
      // The point must be bare canvas: the minimap, the controls or an opening inspector over it take
      // the drop and nothing lands. Move up (then left) until the pane itself is under the point.
      const target = await page.evaluate((p) => {
        const bare = (x: number, y: number) =>
          document.elementFromPoint(x, y)?.classList.contains("react-flow__pane") ?? false;
        for (let k = 0; k < 12; k++) {
          const x = p.x - Math.floor(k / 6) * 200;
          const y = p.y - (k % 6) * 60;
          if (bare(x, y)) return { x, y };
        }
        return p;
      }, at);
      await page
        .getByTestId(`palette-${type}`)
        .dragTo(pane, { targetPosition: { x: target.x - paneBox.x, y: target.y - paneBox.y }, force: true });
    }
    await expect(nodes(page)).toHaveCount(before + 1, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

/**
 * Mouse-drag from a node's output handle (the first, or the one with this id) to another node's input,
 * until the canvas has `count` edges (a drag that started while the canvas was still settling is redone).
 */
async function connect(page: Page, from: Locator, to: Locator, count: number, handle?: string) {
  const source = from.locator(
    handle ? `.react-flow__handle.source[data-handleid="${handle}"]` : ".react-flow__handle.source",
  );
  await expect(async () => {
    if ((await edges(page).count()) < count) {
      const a = await center(source.first());
      const b = await center(to.locator(".react-flow__handle.target"));
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await page.mouse.move(b.x, b.y, { steps: 5 });
      await page.mouse.up();
    }
    await expect(edges(page)).toHaveCount(count, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}

async function waitSaved(page: Page, after: number) {
  const status = page.getByTestId("save-status");
  await expect(status).toHaveAttribute("data-status", "saved", { timeout: 15_000 });
  await expect
    .poll(async () => Number(await status.getAttribute("data-version")), { timeout: 15_000 })
    .toBeGreaterThan(after);
  return Number(await status.getAttribute("data-version"));
}

test("a canvas-built workflow answers a sandbox customer, hands off in the inbox, draws its path, and runs from the API", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const id = await insertWorkflow("E2E engine", startOnly(), (await tenant()).slug);
  await signInAsOwner(page);
  const p = `/p/${DEMO.slug}`;

  // An API key for the Platform API (shown once).
  const headers = { "X-API-Key": await createApiKey(page, "e2e engine") };

  // A template for the send-template branch, approved by the simulator's review.
  const templateName = `order_update_${Date.now().toString().slice(-6)}`;
  await page.goto(`${p}/templates`);
  await page.getByRole("link", { name: "New template" }).click();
  await page.getByLabel("Name").fill(templateName);
  await page.getByLabel("Body text").fill("Your order is on its way.");
  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.waitForURL(/\/templates\?waba=/);
  await expect(
    page.getByTestId("template-row").filter({ hasText: templateName }).getByTestId("template-status"),
  ).toHaveText("Approved", { timeout: 30_000 });

  // Build on the canvas by mouse: start → send text → wait → decide → send template / handoff.
  await page.goto(`${p}/workflows/${id}`);
  await expect(nodes(page)).toHaveCount(1);
  const v0 = Number(await page.getByTestId("save-status").getAttribute("data-version"));
  const start = await center(node(page, "start"));
  await dropStep(page, "send_text", { x: start.x, y: start.b.y + start.b.height + 80 });
  await expect(node(page, "send_text")).toHaveCount(1);
  const text = await center(node(page, "send_text"));
  await dropStep(page, "wait_for_response", { x: text.x, y: text.b.y + text.b.height + 80 });
  await expect(node(page, "wait_for_response")).toHaveCount(1);
  const wait = await center(node(page, "wait_for_response"));
  await dropStep(page, "decide", { x: wait.x, y: wait.b.y + wait.b.height + 80 });
  await expect(node(page, "decide")).toHaveCount(1);
  const decide = await center(node(page, "decide"));
  await dropStep(page, "send_template", { x: decide.x - 220, y: decide.b.y + decide.b.height + 110 });
  await expect(node(page, "send_template")).toHaveCount(1);
  await dropStep(page, "handoff", { x: decide.x + 220, y: decide.b.y + decide.b.height + 110 });
  await expect(nodes(page)).toHaveCount(6);

  // Wire it up by mouse (the inspector closed, every step in view); decide's outputs are its
  // conditions, in order.
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.getByRole("button", { name: "Fit View" }).click();
  await connect(page, node(page, "start"), node(page, "send_text"), 1);
  await connect(page, node(page, "send_text"), node(page, "wait_for_response"), 2);
  await connect(page, node(page, "wait_for_response"), node(page, "decide"), 3);
  await connect(page, node(page, "decide"), node(page, "send_template"), 4, "cond_1");
  await connect(page, node(page, "decide"), node(page, "handoff"), 5, "cond_2");

  // Configure each step in the inspector.
  await node(page, "send_text").click();
  await page.getByLabel("Message").fill("Hi! Reply with your order number, or write 'person' to talk to us.");
  await node(page, "wait_for_response").click();
  await page.getByLabel("Save reply to variable").fill("reply");
  await node(page, "decide").click();
  await page.getByLabel("Decided by").selectOption("function");
  await page.getByLabel("Function ID").fill("route_reply");
  // The decide function's JavaScript, typed in the inspector's code field.
  await page
    .getByLabel("Code", { exact: true })
    .fill(
      "function handler(request) { return /person|human/i.test(String(request.vars.reply || '')) ? 'human' : 'order' }",
    );
  await page.getByLabel("condition 1", { exact: true }).fill("order");
  await page.getByLabel("condition 2", { exact: true }).fill("human");
  await node(page, "send_template").click();
  await page.getByLabel("WhatsApp number").click();
  await page.getByRole("listbox", { name: "WhatsApp number" }).getByRole("option").first().click();
  await page.getByLabel("Template", { exact: true }).click();
  await page.getByRole("listbox", { name: "Template" }).getByRole("option", { name: templateName }).click();
  await expect(page.getByTestId("template-preview")).toContainText("Your order is on its way.");

  await waitSaved(page, v0);

  const readDefinition = () => request.get(`/platform/v1/workflows/${id}/definition`, { headers });
  // The last edits are saved (autosave): the template, the function and its code, the renamed conditions.
  await expect
    .poll(async () => {
      const text = await (await readDefinition()).text();
      return [templateName, "route_reply", "person|human", '"human"', "reply with your order number"].every(
        (x) => text.toLowerCase().includes(x.toLowerCase()),
      );
    }, ENGINE)
    .toBe(true);

  // Inbound trigger on the sandbox number, then Activate, all in the UI.
  await page.getByRole("button", { name: "Workflow settings" }).click();
  const sheet = page.getByRole("dialog");
  await sheet.getByLabel("Number", { exact: true }).click();
  await page.getByRole("option").first().click();
  await sheet.getByRole("button", { name: "Add trigger" }).click();
  await expect(sheet.getByTestId("trigger-row")).toHaveAttribute("data-active", "true");
  await page.keyboard.press("Escape");
  await expect(sheet).toHaveCount(0);
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByRole("button", { name: "Deactivate" })).toBeVisible(ENGINE);

  // The operator watches the inbox.
  await page.goto(`${p}/inbox`);
  await expect(page.getByTestId("realtime-status")).toHaveAttribute("data-status", "connected");

  // A customer writes from the simulated phone; the workflow answers.
  const phone = await newPage(browser);
  await signInAsOwner(phone);
  const customer = `1555${Date.now().toString().slice(-7)}`;
  const name = `Engine Tester ${customer.slice(-4)}`;
  await phone.goto("/sandbox");
  await phone.getByLabel("Customer phone (digits)").fill(customer);
  await phone.getByLabel("Customer name").fill(name);
  await phone.getByLabel("Message").fill("Hello, I have a question");
  await phone.getByLabel("Message").press("Enter");
  await expect(
    phone.getByTestId("phone-message").filter({ hasText: "Reply with your order number" }),
  ).toBeVisible(ENGINE);

  // It waits for the reply: Running or Waiting on the conversation.
  const item = page.getByTestId("conversation-item").filter({ hasText: name });
  await expect(item).toContainText(/running|waiting/i, ENGINE);
  await item.click();
  const banner = page.getByTestId("workflow-banner");
  await expect(banner).toContainText("E2E engine", ENGINE);
  await expect(banner.locator("[data-execution-status]")).toHaveAttribute(
    "data-execution-status",
    /running|waiting/,
  );

  // The customer asks for a person: decide routes to handoff, and the inbox says so.
  await phone.getByLabel("Message").fill("I want to talk to a person");
  await phone.getByLabel("Message").press("Enter");
  await expect(item).toContainText(/handoff/i, ENGINE);
  await expect(banner.locator("[data-execution-status]")).toHaveAttribute(
    "data-execution-status",
    "handoff",
    ENGINE,
  );
  await expect(banner).toContainText("handed this conversation to a person");
  // The template branch was not taken.
  await expect(
    phone.getByTestId("phone-message").filter({ hasText: "Your order is on its way." }),
  ).toHaveCount(0);

  // The Executions page lists it; opening it on the canvas draws its path.
  await page.goto(`${p}/workflows/${id}/executions`);
  const row = page.getByRole("row").filter({ hasText: customer });
  await expect(row.locator("[data-execution-status]")).toHaveAttribute("data-execution-status", "handoff");
  await row.getByRole("link").first().click();
  await page.getByRole("link", { name: "Path on canvas" }).click();
  await expect(page).toHaveURL(/\?execution=/);
  const panel = page.getByTestId("run-panel");
  await expect(panel).toBeVisible();
  await expect(panel.locator("[data-execution-status]")).toHaveAttribute("data-execution-status", "handoff");
  await expect(panel).toContainText("I want to talk to a person");
  // Visited steps are ringed, the current one (handoff) in amber; the unvisited template step fades.
  for (const type of ["start", "send_text", "wait_for_response", "decide"]) {
    await expect(node(page, type)).toHaveClass(/ring-emerald-500/);
  }
  await expect(node(page, "handoff")).toHaveClass(/ring-amber-500/);
  await expect(node(page, "send_template")).toHaveClass(/opacity-40/);
  // The four edges it took are drawn (animated); the branch to the template is not.
  await expect(page.locator(".react-flow__edge.animated")).toHaveCount(4);
  const templateId = await node(page, "send_template").getAttribute("data-id");
  await expect(page.locator(`.react-flow__edge:has([data-target="${templateId}"])`)).not.toHaveClass(
    /animated/,
  );

  // An API-triggered execution: 202 with a tracking id, and it shows up in the list.
  const apiCustomer = `1555${(Date.now() + 1).toString().slice(-7)}`;
  const started = await request.post(`/platform/v1/workflows/${id}/executions`, {
    headers,
    data: { workflow_execution: { phone_number: `+${apiCustomer}`, variables: { source: "e2e" } } },
  });
  expect(started.status(), await started.text()).toBe(202);
  const body = (await started.json()) as { tracking_id?: string; workflow_id?: string };
  expect(body.workflow_id).toBe(id);
  expect(body.tracking_id).toBeTruthy();
  await page.goto(`${p}/workflows/${id}/executions`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: apiCustomer })).toBeVisible({ timeout: 2_000 });
  }).toPass(ENGINE);
  await expect(page.getByRole("row").filter({ hasText: apiCustomer })).toContainText(/api/i);
});
