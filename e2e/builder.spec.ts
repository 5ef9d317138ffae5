import { expect, type Locator, type Page, test } from "@playwright/test";
import { DEMO, signInAsOwner, tenant } from "./fixtures";
import { insertWorkflow, startOnly } from "./workflow-db";

test.use({ viewport: { width: 1440, height: 1100 } });

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
  const paneBox = await pane.boundingBox();
  if (!paneBox) throw new Error("no pane");
  await page
    .getByTestId(`palette-${type}`)
    .dragTo(pane, { targetPosition: { x: at.x - paneBox.x, y: at.y - paneBox.y }, force: true });
}

/** Mouse-drag from a node's (first) output handle to another node's input handle. */
async function connect(page: Page, from: Locator, to: Locator) {
  const a = await center(from.locator(".react-flow__handle.source").first());
  const b = await center(to.locator(".react-flow__handle.target"));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

async function waitSaved(page: Page, after: number) {
  const status = page.getByTestId("save-status");
  await expect(status).toHaveAttribute("data-status", "saved", { timeout: 10_000 });
  await expect
    .poll(async () => Number(await status.getAttribute("data-version")), { timeout: 10_000 })
    .toBeGreaterThan(after);
  return Number(await status.getAttribute("data-version"));
}

test("build a flow by mouse, copy/paste, undo/redo, autosave, edge sides", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const id = await insertWorkflow("E2E builder", startOnly(), (await tenant()).slug);
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/workflows/${id}`);
  await expect(nodes(page)).toHaveCount(1);

  // Build: start → send text → wait for response, all by mouse.
  const start = await center(node(page, "start"));
  await dropStep(page, "send_text", { x: start.x, y: start.b.y + start.b.height + 90 });
  await expect(node(page, "send_text")).toHaveCount(1);
  const text = await center(node(page, "send_text"));
  await dropStep(page, "wait_for_response", { x: text.x, y: text.b.y + text.b.height + 90 });
  await expect(nodes(page)).toHaveCount(3);

  await connect(page, node(page, "start"), node(page, "send_text"));
  await expect(edges(page)).toHaveCount(1);
  await connect(page, node(page, "send_text"), node(page, "wait_for_response"));
  await expect(edges(page)).toHaveCount(2);
  // Below each other: leave from the bottom, enter at the top.
  const textToWait = page.locator('[data-testid="routed-edge"][data-target^="wait_for_response"]');
  await expect(textToWait).toHaveAttribute("data-source-side", "bottom");
  await expect(textToWait).toHaveAttribute("data-target-side", "top");

  // Configure the text step in the inspector.
  await node(page, "send_text").click();
  await page.getByLabel("Message").fill("Hello {{vars.name}}");
  await expect(node(page, "send_text")).toContainText("Hello {{vars.name}}");

  // Start is in the selection but is never copied; the edge between the two copied steps is kept.
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("ControlOrMeta+c");
  await page.keyboard.press("ControlOrMeta+v");
  await expect(nodes(page)).toHaveCount(5);
  await expect(edges(page)).toHaveCount(3);
  await expect(node(page, "start")).toHaveCount(1);
  await expect(page.locator(".react-flow__node.selected")).toHaveCount(2);

  // Pasting again cascades instead of stacking.
  await page.keyboard.press("ControlOrMeta+v");
  await expect(nodes(page)).toHaveCount(7);
  await expect(edges(page)).toHaveCount(4);

  // Undo both pastes, redo one (both redo shortcuts).
  await page.keyboard.press("ControlOrMeta+z");
  await page.keyboard.press("ControlOrMeta+z");
  await expect(nodes(page)).toHaveCount(3);
  await expect(edges(page)).toHaveCount(2);
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(nodes(page)).toHaveCount(5);
  await page.keyboard.press("ControlOrMeta+z");
  await page.keyboard.press("Control+y");
  await expect(nodes(page)).toHaveCount(5);
  await expect(edges(page)).toHaveCount(3);

  // Delete never removes start.
  await node(page, "start").click();
  await page.keyboard.press("Delete");
  await expect(node(page, "start")).toHaveCount(1);

  // Shortcuts do nothing while typing in a field.
  await node(page, "send_text").first().click();
  await page.getByLabel("Message").press("ControlOrMeta+a");
  await page.getByLabel("Message").press("Delete");
  await expect(nodes(page)).toHaveCount(5);
  await page.getByLabel("Message").fill("Hello again");

  // Move the original wait step beside its source: the edge now leaves right and enters left.
  const wait = node(page, "wait_for_response").first();
  const waitId = await wait.getAttribute("data-id");
  const edge = page.locator(`[data-testid="routed-edge"][data-target="${waitId}"]`);
  await expect(edge).toHaveAttribute("data-source-side", "bottom");
  const src = await center(node(page, "send_text").first());
  const w = await center(wait);
  await page.mouse.move(w.x, w.b.y + 12);
  await page.mouse.down();
  await page.mouse.move(src.x + src.b.width + 200, src.b.y + 12, { steps: 12 });
  await page.mouse.up();
  await expect(edge).toHaveAttribute("data-source-side", "right");
  await expect(edge).toHaveAttribute("data-target-side", "left");
  await expect(page.locator(`.react-flow__edge[data-source-side="right"]`).first()).toBeVisible();

  // Autosave, then a reload shows the same graph.
  await waitSaved(page, 1);
  await page.reload();
  await expect(nodes(page)).toHaveCount(5);
  await expect(edges(page)).toHaveCount(3);
  await expect(page.locator(`[data-testid="routed-edge"][data-target="${waitId}"]`)).toHaveAttribute(
    "data-source-side",
    "right",
  );
  await expect(page.locator(".react-flow__node").filter({ hasText: "Hello again" })).toHaveCount(1);
});

test("foreign clipboard text pastes nothing; problems focus their node", async ({ page }) => {
  const id = await insertWorkflow("E2E problems", startOnly(), (await tenant()).slug);
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/workflows/${id}`);
  await expect(nodes(page)).toHaveCount(1);
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData("text/plain", '{"nodes":[{"id":"x"}],"edges":[]}');
    document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
  });
  await expect(nodes(page)).toHaveCount(1);

  await page.getByTestId("palette-send_text").click();
  await expect(nodes(page)).toHaveCount(2);
  await page.getByTestId("problems-toggle").click();
  const list = page.getByTestId("problems-list");
  await expect(list).toContainText("Message is required");
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId("inspector")).toHaveCount(0);
  await list.getByText("Message is required").click();
  await expect(page.getByTestId("inspector")).toBeVisible();
  await expect(page.getByTestId("error-field-message")).toHaveText("Message is required");
});

test("a stale save asks to reload or overwrite, history restores a version, and activation lists problems", async ({
  browser,
}) => {
  const id = await insertWorkflow("E2E conflict", startOnly(), (await tenant()).slug);
  const a = await (await browser.newContext({ viewport: { width: 1440, height: 1100 } })).newPage();
  const b = await (await browser.newContext({ viewport: { width: 1440, height: 1100 } })).newPage();
  for (const p of [a, b]) {
    await signInAsOwner(p);
    await p.goto(`/p/${DEMO.slug}/workflows/${id}`);
    await expect(nodes(p)).toHaveCount(1);
  }
  const v0 = Number(await a.getByTestId("save-status").getAttribute("data-version"));

  // A adds a step and saves first.
  await a.getByTestId("palette-send_text").click();
  await expect(nodes(a)).toHaveCount(2);
  const v1 = await waitSaved(a, v0);

  // B, still on the old version, adds another: its save is refused and it is asked what to do.
  await b.getByTestId("palette-handoff").click();
  await expect(b.getByRole("alertdialog")).toContainText("This workflow changed elsewhere");
  // It says who saved, and what: not a bare "saved version 17".
  await expect(b.getByRole("alertdialog")).toContainText(
    `${DEMO.ownerName} saved a newer version of this workflow (version ${v1})`,
  );
  await b.getByRole("button", { name: "Reload theirs" }).click();
  await expect(node(b, "send_text")).toHaveCount(1);
  await expect(node(b, "handoff")).toHaveCount(0);
  await expect(b.getByTestId("save-status")).toHaveAttribute("data-version", String(v1));

  // History: restoring the first version brings back the start-only workflow as a new version.
  await a.getByRole("button", { name: "Version history" }).click();
  const sheet = a.getByRole("dialog");
  await sheet
    .getByRole("listitem")
    .filter({ hasText: `Version ${v0}` })
    .getByRole("button", { name: "Restore" })
    .click();
  await expect(nodes(a)).toHaveCount(1);
  await expect
    .poll(async () => Number(await a.getByTestId("save-status").getAttribute("data-version")))
    .toBeGreaterThan(v1);
  await a.keyboard.press("Escape");

  // Activating with a problem is refused, and the problems panel lists why.
  await a.getByTestId("palette-send_text").click();
  await expect(nodes(a)).toHaveCount(2);
  await a.getByRole("button", { name: "Activate" }).click();
  await expect(a.getByText(/problem.* to fix before it can be activated/)).toBeVisible();
  await expect(a.getByTestId("problems-list")).toContainText("Message is required");
});
