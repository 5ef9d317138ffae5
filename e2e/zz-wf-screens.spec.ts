import { expect, test } from "@playwright/test";
import { DEMO, signInAsOwner } from "./fixtures";
import { insertWorkflow } from "./workflow-db";

const def = {
  nodes: [
    { id: "start", type: "flow-node", position: { x: 0, y: 0 }, data: { node_type: "start", config: {} } },
    { id: "ask", type: "flow-node", position: { x: 0, y: 160 }, data: { node_type: "send_interactive", display_name: "Ask", config: { interactive_type: "button", body_text: "Need help?", buttons: [{ id: "b1", title: "Yes" }, { id: "b2", title: "No" }] } } },
    { id: "dec", type: "flow-node", position: { x: 0, y: 340 }, data: { node_type: "decide", config: { decision_type: "ai", conditions: [{ id: "c1", label: "billing" }, { id: "c2", label: "tech" }, { id: "c3", label: "other" }] } } },
    { id: "t1", type: "flow-node", position: { x: -320, y: 520 }, data: { node_type: "send_text", config: { message: "Billing" } } },
    { id: "t2", type: "flow-node", position: { x: 0, y: 520 }, data: { node_type: "send_text", config: { message: "Tech" } } },
    { id: "t3", type: "flow-node", position: { x: 320, y: 520 }, data: { node_type: "handoff", config: {} } },
    { id: "bye", type: "flow-node", position: { x: 320, y: 160 }, data: { node_type: "send_text", config: { message: "Bye" } } },
  ],
  edges: [
    { id: "e0", source: "start", target: "ask", label: "next" },
    { id: "e1", source: "ask", target: "dec", sourceHandle: "b1", label: "Yes" },
    { id: "e2", source: "ask", target: "bye", sourceHandle: "b2", label: "No" },
    { id: "e5", source: "dec", target: "t3", sourceHandle: "c3", label: "other" },
    { id: "e3", source: "dec", target: "t1", sourceHandle: "c1", label: "billing" },
    { id: "e4", source: "dec", target: "t2", sourceHandle: "c2", label: "tech" },
  ],
};

for (const width of [1280, 390]) {
  for (const scheme of ["light", "dark"] as const) {
    test(`screens ${width} ${scheme}`, async ({ page }) => {
      await page.setViewportSize({ width, height: width > 500 ? 800 : 844 });
      await page.emulateMedia({ colorScheme: scheme });
      const id = await insertWorkflow(`Support triage ${width}${scheme}`, def);
      await signInAsOwner(page);
      await page.evaluate((s) => localStorage.setItem("theme", s), scheme);
      await page.goto(`/p/${DEMO.slug}/workflows`);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `/tmp/wf-shots/list-${width}-${scheme}.png` });
      await page.goto(`/p/${DEMO.slug}/workflows/${id}`);
      await expect(page.locator(".react-flow__node")).toHaveCount(7);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `/tmp/wf-shots/canvas-${width}-${scheme}.png` });
      await page.locator('.react-flow__node:has([data-node-type="decide"])').click();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `/tmp/wf-shots/inspector-${width}-${scheme}.png` });
      if (width > 500) {
        await page.getByRole("button", { name: "Layout top to bottom" }).click();
        await page.getByRole("button", { name: "Fit View" }).click();
        await page.waitForTimeout(600);
        await page.screenshot({ path: `/tmp/wf-shots/layout-${width}-${scheme}.png` });
      }
    });
  }
}
