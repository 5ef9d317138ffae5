import { expect, type Page, test } from "@playwright/test";
import { addMember, DEMO, newPage, signInAsOwner, signInNewMember, tenant } from "./fixtures";
import { insertWorkflow, startOnly } from "./workflow-db";

// The builder's rough edges from the first-use review (issue #10): each behaviour, in the browser.

const nodes = (page: Page) => page.locator(".react-flow__node");
const node = (page: Page, type: string) => page.locator(`.react-flow__node:has([data-node-type="${type}"])`);

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;

const flow = (count: number) => {
  const def = startOnly() as { nodes: unknown[]; edges: unknown[] };
  for (let i = 1; i < count; i++) {
    def.nodes.push({
      id: `t${i}`,
      type: "flow-node",
      position: { x: (i % 3) * 320, y: Math.floor(i / 3) * 180 + 180 },
      data: { node_type: "send_text", config: { message: `step ${i}` } },
    });
    def.edges.push({ id: `e${i}`, source: i === 1 ? "start" : `t${i - 1}`, target: `t${i}`, label: "next" });
  }
  return def;
};

test("fit to view keeps every node clear of the minimap and the zoom controls", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const id = await insertWorkflow("E2E fit", flow(12), (await tenant()).slug);
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/workflows/${id}`);
  await expect(nodes(page)).toHaveCount(12);
  await page.getByRole("button", { name: "Fit View" }).click();
  await page.waitForTimeout(400);
  const minimap = await page.locator(".react-flow__minimap").boundingBox();
  const controls = await page.locator(".react-flow__controls").boundingBox();
  expect(minimap && controls).toBeTruthy();
  for (const n of await nodes(page).all()) {
    const b = await n.boundingBox();
    if (!b) continue;
    expect(intersects(b, minimap as Box), "node under the minimap").toBe(false);
    expect(intersects(b, controls as Box), "node under the controls").toBe(false);
  }

  // Opening the inspector on the rightmost step keeps that step in view, beside the inspector.
  const boxes = await Promise.all(
    (await nodes(page).all()).map(async (n) => ({ n, b: await n.boundingBox() })),
  );
  const rightmost = boxes.sort((p, q) => (q.b?.x ?? 0) - (p.b?.x ?? 0))[0]?.n;
  await rightmost?.click();
  const inspector = await page.getByTestId("inspector").boundingBox();
  await expect
    .poll(
      async () => ((await rightmost?.boundingBox())?.x ?? 0) + ((await rightmost?.boundingBox())?.width ?? 0),
    )
    .toBeLessThanOrEqual(inspector?.x ?? 0);
});

test("errors, selects and counts read as words; activation publishes without promising a run", async ({
  page,
}) => {
  const id = await insertWorkflow("E2E words", startOnly(), (await tenant()).slug);
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/workflows/${id}`);
  await expect(nodes(page)).toHaveCount(1);

  await page.getByTestId("palette-decide").click();
  await expect(page.getByLabel("Decided by")).toHaveValue("ai");
  await expect(page.getByLabel("Decided by").locator("option:checked")).toHaveText("AI model");
  await page.getByLabel("Decided by").selectOption("function");
  await expect(page.getByTestId("error-field-code")).toHaveText("Code is required");

  // With nothing selected and Start already leading somewhere, a clicked step stands alone.
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.getByTestId("palette-send_template").click();
  const toggle = page.getByTestId("problems-toggle");
  await toggle.click();
  const list = page.getByTestId("problems-list");
  await expect(list).toContainText("WhatsApp number is required");
  await expect(list).not.toContainText("phone_number_id");
  await expect(list).not.toContainText("template_id");
  await expect(toggle).not.toContainText(/\b1 problems\b/);
  // The panel leaves the zoom controls and the minimap uncovered.
  const panel = (await page.getByTestId("problems-panel").boundingBox()) as Box;
  for (const other of [".react-flow__controls", ".react-flow__minimap"]) {
    const box = (await page.locator(other).boundingBox()) as Box;
    expect(intersects(panel, box), `${other} is covered by the problems panel`).toBe(false);
  }

  // The first clicked step grew from Start, connected; the second stands alone.
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  // An unreachable step is refused at activation and listed; nothing is said to run.
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByText(/problems? to fix before it can be activated/)).toBeVisible();
  await expect(list).toContainText("cannot be reached from start");
  await expect(page.getByText("Workflow activated")).toHaveCount(0);
});

test("publish: the active workflow shows unpublished draft changes until published again", async ({
  page,
}) => {
  const def = flow(2);
  const id = await insertWorkflow("E2E publish", def, (await tenant()).slug);
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/workflows/${id}`);
  await expect(nodes(page)).toHaveCount(2);
  await page.getByRole("button", { name: "Activate" }).click();
  await expect(page.getByRole("button", { name: "Deactivate" })).toBeVisible();
  // It has no trigger yet: published, and told that nothing starts it.
  await expect(page.getByText("but nothing starts it yet")).toBeVisible();
  await expect(page.getByTestId("unpublished")).toHaveCount(0);

  await node(page, "send_text").click();
  await page.getByLabel("Message").fill("changed after publishing");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved", { timeout: 10_000 });
  await expect(page.getByTestId("unpublished")).toHaveText("Draft has unpublished changes");
  await page.getByRole("button", { name: "Publish changes" }).click();
  await expect(page.getByTestId("unpublished")).toHaveCount(0);

  // The history shows one version for the editing burst, what it changed, and which one is live.
  await page.getByRole("button", { name: "Version history" }).click();
  const rows = page.getByRole("dialog").getByTestId("version-row");
  await expect(rows.first()).toContainText("live");
  await expect(rows.first().getByTestId("version-changes")).toContainText("Edited");

  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByRole("button", { name: "Activate" })).toBeVisible();
});

test("pasting steps from another workflow lands on free canvas", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const source = await insertWorkflow("E2E paste source", flow(3), (await tenant()).slug);
  const target = await insertWorkflow("E2E paste target", flow(3), (await tenant()).slug);
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/workflows/${source}`);
  await expect(nodes(page)).toHaveCount(3);
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("ControlOrMeta+c");

  await page.goto(`/p/${DEMO.slug}/workflows/${target}`);
  await expect(nodes(page)).toHaveCount(3);
  const before = await Promise.all((await nodes(page).all()).map((n) => n.boundingBox()));
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ControlOrMeta+v");
  await expect(nodes(page)).toHaveCount(5);
  const pasted = page.locator(".react-flow__node.selected");
  await expect(pasted).toHaveCount(2);
  for (const p of await pasted.all()) {
    const b = (await p.boundingBox()) as Box;
    for (const o of before) expect(intersects(b, o as Box), "pasted onto an existing step").toBe(false);
  }
});

test("a member sees the canvas read only, and says so", async ({ page, browser }) => {
  const id = await insertWorkflow("E2E read only", flow(2), (await tenant()).slug);
  await signInAsOwner(page);
  const email = `viewer-${Date.now()}@example.test`;
  const password = await addMember(page, email);
  const m = await newPage(browser);
  await signInNewMember(m, email, password);
  await expect(m).toHaveURL(new RegExp(`/p/${DEMO.slug}/inbox$`));
  await m.goto(`/p/${DEMO.slug}/workflows/${id}`);
  await expect(nodes(m)).toHaveCount(2);
  await expect(m.getByTestId("read-only")).toHaveText("Read only");
  await expect(m.getByRole("button", { name: "Activate" })).toHaveCount(0);
});
