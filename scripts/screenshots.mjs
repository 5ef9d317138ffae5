// Screenshots of the main pages in light and dark, phone and desktop widths, for a look by eye.
// Usage: start a server, then BASE_URL=http://127.0.0.1:3000 node scripts/screenshots.mjs [outDir]
import { mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const out = process.argv[2] ?? "test-results/screenshots";
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const pages = [
  "/p/demo/inbox",
  "/p/demo/settings/members",
  "/p/demo/settings/account",
  "/p/demo/settings/api-keys",
  "/p/demo/settings/embeds",
  "/p/demo/numbers",
  "/p/demo/workflows",
  "/p/nope/inbox",
];
for (const scheme of ["light", "dark"]) {
  for (const [label, viewport] of [
    ["wide", { width: 1280, height: 800 }],
    ["narrow", { width: 390, height: 844 }],
  ]) {
    const context = await browser.newContext({ viewport, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.screenshot({ path: `${out}/login-${scheme}-${label}.png` });
    await page.getByLabel("Email").fill("owner@switchboard.local");
    await page.getByLabel("Password").fill("switchboard");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/inbox/);
    for (const path of pages) {
      await page.goto(`${base}${path}`);
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${out}/${path.replaceAll("/", "_").slice(1)}-${scheme}-${label}.png` });
    }
    // The simulated phone, with a short chat.
    await page.goto(`${base}/sandbox`);
    await page.getByLabel("Message").fill(`Hello from the ${scheme} ${label} screenshot`);
    await page.getByLabel("Message").press("Enter");
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/sandbox-${scheme}-${label}.png` });
    // The inbox with that conversation open.
    await page.goto(`${base}/p/demo/inbox`);
    await page.getByTestId("conversation-item").first().click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}/inbox-thread-${scheme}-${label}.png` });
    // The contact panel, and the template picker with its preview.
    await page.getByRole("button", { name: "Contact details" }).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/inbox-contact-${scheme}-${label}.png` });
    await page.getByRole("button", { name: "Close contact details" }).click();
    await page.getByRole("button", { name: "Send a template" }).click();
    await page.getByRole("button", { name: /order_update/ }).click();
    await page.getByLabel("Body {{1}}").fill("Ana");
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/inbox-template-${scheme}-${label}.png` });
    await page.keyboard.press("Escape");
    await page.getByTestId("assign-button").click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/inbox-assign-${scheme}-${label}.png` });
    await context.close();
  }
}
await browser.close();
console.log(`screenshots in ${out}`);
