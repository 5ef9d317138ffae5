// `npx tsx bench/builder.ts`: the workflow canvas on the production build, in Debian's Chromium.
// Figures, not tests. For a generated 1,000-node / 1,200-edge workflow beside a 50-node one:
// time to interactive after navigation, main-thread time to paste 200 nodes, routing time for all
// edges (in the page, per recompute), and frame rate while dragging a node.
// Needs `next build` and the local PostgreSQL. CHROMIUM_PATH overrides /usr/bin/chromium.
import { randomBytes } from "node:crypto";
import { chromium, type Page } from "@playwright/test";
import { generatedDefinition, insertWorkflow } from "../e2e/workflow-db";
import { copySelection, serializeClipboard } from "../lib/workflows/clipboard";
import type { WorkflowDefinition } from "../lib/workflows/definition";
import {
  dropDatabase,
  fmt,
  freshDatabase,
  percentile,
  spawnProcess,
  stopProcess,
  timeToFirst200,
} from "./lib";

const PORT = Number(process.env.BENCH_PORT ?? 3611);
const base = `http://127.0.0.1:${PORT}`;

/** Resolves after the next frame has been produced (two animation frames). */
const afterPaint = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((r) =>
        requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))),
      ),
  );

async function timeToInteractive(page: Page, url: string) {
  await page.goto(url, { waitUntil: "commit" });
  await page
    .waitForFunction(
      () => document.querySelectorAll(".react-flow__node").length > 0 && "__routingMs" in window,
      null,
      { timeout: 60_000, polling: 16 },
    )
    .catch(async (e) => {
      await page.screenshot({ path: "/tmp/bench-builder-failure.png" });
      throw e;
    });
  // performance.now() in the page counts from navigation start.
  const interactive = await afterPaint(page);
  const response = await page.evaluate(
    () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseEnd,
  );
  return { interactive, response };
}

async function pasteMainThread(page: Page, text: string) {
  return page.evaluate(async (clip) => {
    // The minimap draws every node; the canvas culls off-screen ones past 200.
    const before = document.querySelectorAll(".react-flow__minimap-node").length;
    let busy = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) busy += e.duration;
    });
    obs.observe({ entryTypes: ["longtask"] });
    const t0 = performance.now();
    const data = new DataTransfer();
    data.setData("text/plain", clip);
    document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const wall = performance.now() - t0;
    obs.disconnect();
    const after = document.querySelectorAll(".react-flow__minimap-node").length;
    return { wall, longTasks: busy, added: after - before };
  }, text);
}

async function dragFps(page: Page) {
  // Drag the node nearest the middle of the canvas for about a second.
  const box = await page.getByTestId("canvas").boundingBox();
  if (!box) throw new Error("no canvas");
  const handle = await page.evaluateHandle(
    ([cx, cy]) => {
      let best: Element | null = null;
      let bestD = Number.POSITIVE_INFINITY;
      for (const el of document.querySelectorAll(".react-flow__node")) {
        const r = el.getBoundingClientRect();
        const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy);
        if (d < bestD) {
          bestD = d;
          best = el;
        }
      }
      return best;
    },
    [box.x + box.width / 2, box.y + box.height / 2] as const,
  );
  const el = handle.asElement();
  if (!el) throw new Error("no node");
  const r = await el.boundingBox();
  if (!r) throw new Error("node not visible");
  const x0 = r.x + r.width / 2;
  const y0 = r.y + Math.min(10, r.height / 2);
  // A string, not a function: tsx would wrap the named inner function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__routingSamples = [];
    window.__raf = true;
    requestAnimationFrame(function tick(t) {
      window.__frames.push(t);
      if (window.__raf) requestAnimationFrame(tick);
    });
  })()`);
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  const steps = 90;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + Math.sin(i / 8) * 120, y0 + i * 1.5);
  }
  await page.mouse.up();
  const { frames, routing } = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __routingSamples: number[]; __raf: boolean };
    w.__raf = false;
    return { frames: w.__frames, routing: w.__routingSamples };
  });
  const span = (frames.at(-1) ?? 0) - (frames[0] ?? 0);
  const gaps = frames
    .slice(1)
    .map((t, i) => t - (frames[i] as number))
    .sort((a, b) => a - b);
  return {
    fps: span > 0 ? ((frames.length - 1) * 1000) / span : 0,
    p95Frame: percentile(gaps, 95),
    routingMedian: percentile(
      [...routing].sort((a, b) => a - b),
      50,
    ),
    routingMax: Math.max(0, ...routing),
    routingRuns: routing.length,
  };
}

function clipboardOf(n: number): string {
  const def = generatedDefinition(n + 1, n) as WorkflowDefinition;
  const payload = copySelection(
    def,
    def.nodes.map((x) => x.id),
  );
  if (!payload) throw new Error("empty payload");
  return serializeClipboard(payload);
}

const dbName = `switchboard_bench_builder_${randomBytes(3).toString("hex")}`;
const url = await freshDatabase(dbName);
const app = spawnProcess("node_modules/.bin/tsx", ["server.ts"], {
  DATABASE_URL: url,
  AUTH_SECRET: randomBytes(32).toString("base64"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  NODE_ENV: "production",
  PORT: String(PORT),
  HOST: "127.0.0.1",
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-timer-throttling"],
});
try {
  await timeToFirst200(`${base}/api/health`, performance.now());
  const sizes = [
    { label: "50 nodes / 60 edges", n: 50, e: 60 },
    { label: "1,000 nodes / 1,200 edges", n: 1000, e: 1200 },
  ];
  const ids = [];
  for (const s of sizes)
    ids.push(await insertWorkflow(`Bench ${s.n}`, generatedDefinition(s.n, s.e), "demo", url));
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill("owner@switchboard.local");
  await page.getByLabel("Password").fill("switchboard");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/inbox$/);
  const clip = clipboardOf(200);

  const rows: string[][] = [];
  for (const [i, s] of sizes.entries()) {
    const target = `${base}/p/demo/workflows/${ids[i]}`;
    await timeToInteractive(page, target); // warm caches and the route's chunks once
    const runs: { interactive: number; response: number }[] = [];
    for (let k = 0; k < 3; k++) runs.push(await timeToInteractive(page, target));
    runs.sort((a, b) => a.interactive - b.interactive);
    const tti = runs[1] as { interactive: number; response: number };
    const counts = await page.evaluate(() => ({
      nodes: document.querySelectorAll(".react-flow__node").length,
      edges: document.querySelectorAll(".react-flow__edge").length,
    }));
    // Worst case first: the whole graph in view (big graphs open at 100% on the start node).
    await page.locator(".react-flow__controls-fitview").click();
    await page.waitForTimeout(1000);
    const drag = await dragFps(page);
    // The same drag at 100% zoom, where editing happens and off-screen nodes are culled.
    const scale = () =>
      page.evaluate(() => {
        const t =
          (document.querySelector(".react-flow__viewport") as HTMLElement | null)?.style.transform ?? "";
        return Number(/scale\(([\d.]+)\)/.exec(t)?.[1] ?? 1);
      });
    for (let k = 0; k < 40 && (await scale()) < 0.99; k++) {
      await page.locator(".react-flow__controls-zoomin").click();
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(300);
    const dragNear = await dragFps(page);
    const paste = await pasteMainThread(page, clip);
    rows.push([
      s.label,
      `${counts.nodes}/${counts.edges}`,
      `${fmt(tti.interactive)} (HTML ${fmt(tti.response)})`,
      `${fmt(paste.wall)} (${fmt(paste.longTasks)} in long tasks, +${paste.added})`,
      `${fmt(drag.routingMedian)} (max ${fmt(drag.routingMax)}, ${drag.routingRuns} runs)`,
      `${drag.fps.toFixed(0)} all in view, ${dragNear.fps.toFixed(0)} at 100% (p95 frame ${fmt(drag.p95Frame)} / ${fmt(dragNear.p95Frame)} ms)`,
    ]);
  }
  const head = [
    "workflow",
    "rendered nodes/edges",
    "interactive ms (≤1500)",
    "paste 200 ms (≤100)",
    "routing ms (≤5)",
    "drag fps (≥50)",
  ];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (r: string[]) => `| ${r.map((x, c) => x.padEnd(widths[c] as number)).join(" | ")} |`;
  console.log(`\n${line(head)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
} finally {
  await browser.close();
  await stopProcess(app);
  await dropDatabase(dbName);
}
