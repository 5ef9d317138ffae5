import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { DEMO, newPage, signInAsOwner } from "./fixtures";
import { E2E_DATABASE_URL } from "./workflow-db";

// Issue #14's done-when: a NAMED marketing template with a media header and buttons, each rule breaking
// and mending as the admin types, submitted, APPROVED live by the simulator's review, and sent from the
// inbox outside the 24-hour window; the business profile with a new photo on the sandbox phone's
// business info; a failed health check with its remedy.

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

const problem = (page: Page, rule: string) => page.locator(`[data-rule="${rule}"]`);

async function sql(text: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

test("an admin writes a NAMED marketing template, watches it approved live, and sends it outside the window", async ({
  page,
  browser,
}) => {
  await signInAsOwner(page);
  const p = `/p/${DEMO.slug}`;
  await page.goto(`${p}/templates`);
  await page.getByRole("link", { name: "New template" }).click();
  await expect(page.getByRole("heading", { name: "New template" })).toBeVisible();

  // Name: a rule breaks, then mends.
  await page.getByLabel("Name").fill("Spring Sale");
  await expect(problem(page, "name.format")).toBeVisible();
  await page.getByLabel("Name").fill("spring_sale");
  await expect(problem(page, "name.format")).toHaveCount(0);

  await page.getByLabel("Variables").selectOption("NAMED");

  // An image header needs a sample, uploaded through Meta's resumable upload.
  await page.getByLabel("Header", { exact: true }).selectOption("IMAGE");
  await expect(problem(page, "header.media.sample")).toBeVisible();
  await page
    .getByLabel("Sample for review")
    .setInputFiles({ name: "spring.png", mimeType: "image/png", buffer: PNG });
  await expect(problem(page, "header.media.sample")).toHaveCount(0);

  // Body: a positional variable in a NAMED template is refused; a named one asks for its example.
  const body = page.getByLabel("Body text");
  await body.fill("Hi {{1}}, spring prices are here for you.");
  await expect(problem(page, "variables.mixed")).toBeVisible();
  await body.fill("Hi {{first_name}}, spring prices are here for you.");
  await expect(problem(page, "variables.mixed")).toHaveCount(0);
  await expect(problem(page, "example.missing")).toBeVisible();
  await page.getByLabel("Example for {{first_name}}").fill("Ana");
  await expect(problem(page, "example.missing")).toHaveCount(0);
  await body.fill(`${"x".repeat(1025)}`);
  await expect(problem(page, "body.length")).toBeVisible();
  await body.fill("Hi {{first_name}}, spring prices are here for you.");
  await expect(problem(page, "body.length")).toHaveCount(0);

  // Buttons: a quick reply without a label, then with one; a URL button.
  await page.getByRole("button", { name: "Quick reply" }).click();
  await expect(problem(page, "button.text")).toBeVisible();
  await page.getByRole("group", { name: "Button 1" }).getByLabel("Button text").fill("Show me");
  await expect(problem(page, "button.text")).toHaveCount(0);
  await page.getByRole("button", { name: "Visit website" }).click();
  const url = page.getByRole("group", { name: "Button 2" });
  await url.getByLabel("Button text").fill("Shop");
  await url.getByLabel(/^URL/).fill("ftp://shop");
  await expect(problem(page, "button.url")).toBeVisible();
  await url.getByLabel(/^URL/).fill("https://shop.example.com/spring");
  await expect(problem(page, "button.url")).toHaveCount(0);

  // The preview draws the bubble with the example filled in, light and dark.
  await expect(page.getByTestId("template-bubble")).toContainText("Hi Ana, spring prices are here for you.");
  await page.getByRole("button", { name: "Dark" }).click();
  await expect(page.getByRole("figure", { name: "Preview (dark)" })).toBeVisible();
  await expect(page.getByTestId("rules-ok")).toBeVisible();

  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.waitForURL(/\/templates\?waba=/);
  const row = page.getByTestId("template-row").filter({ hasText: "spring_sale" });
  await expect(row).toBeVisible();
  // The simulator reviews it and its webhook reaches the page live, without a reload.
  await expect(row.getByTestId("template-status")).toHaveText("Approved", { timeout: 30_000 });

  // A customer who last wrote 25 hours ago.
  const phone = await newPage(browser);
  await signInAsOwner(phone);
  const digits = `1555${Date.now().toString().slice(-7)}`;
  await phone.goto("/sandbox");
  const name = `Spring Tester ${digits.slice(-4)}`;
  await phone.getByLabel("Customer phone (digits)").fill(digits);
  await phone.getByLabel("Customer name").fill(name);
  await phone.getByLabel("Message").fill("Any spring offers?");
  await phone.getByLabel("Message").press("Enter");
  await expect
    .poll(
      async () =>
        (
          await sql(
            `UPDATE "Conversation" c SET "lastInboundAt" = now() - interval '25 hours'
             FROM "Contact" k WHERE k.id = c."contactId" AND k."waId" = $1`,
            [digits],
          )
        ).rowCount,
    )
    .toBeGreaterThan(0);

  await page.goto(`${p}/inbox`);
  await page.getByTestId("conversation-item").filter({ hasText: name }).click();
  await expect(page.getByTestId("window-state")).toHaveAttribute("data-open", "false");
  await page.getByRole("button", { name: "Send a template" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: /spring_sale/ }).click();
  await dialog.getByLabel(/Header image/).fill("https://example.com/spring.png");
  await dialog.getByLabel("Body {{first_name}}").fill("Eve");
  await expect(dialog.getByTestId("template-preview")).toContainText("Hi Eve, spring prices");
  await dialog.getByRole("button", { name: "Send template" }).click();
  const sent = page.getByTestId("thread-message").filter({ hasText: "spring_sale" });
  await expect(sent).toBeVisible();
  await expect(sent).toHaveAttribute("data-status", /SENT|DELIVERED|READ/);
});

test("the business profile with a new photo shows on the sandbox phone; a failed health check names its remedy", async ({
  page,
}) => {
  await signInAsOwner(page);
  const p = `/p/${DEMO.slug}`;
  await page.goto(`${p}/numbers`);
  const row = page.getByTestId("number-row").first();
  const numberId = await row.getAttribute("data-number-id");
  await row.getByRole("button", { name: /Actions for/ }).click();
  await page.getByRole("menuitem", { name: "Business profile" }).click();
  await expect(page.getByRole("heading", { name: "Business profile" })).toBeVisible();

  const about = page.getByLabel("About");
  await about.fill("x".repeat(140));
  await expect(page.getByTestId("profile-problem")).toContainText("At most 139");
  await expect(page.getByRole("button", { name: "Save to WhatsApp" })).toBeDisabled();
  await about.fill("Fresh bread daily, 7 to 7");
  await page.getByLabel("Website 1").fill("shop.example.com");
  await expect(page.getByTestId("profile-problem")).toContainText("http");
  await page.getByLabel("Website 1").fill("https://shop.example.com");
  await page.getByLabel("Category").selectOption("GROCERY");
  await page
    .getByLabel(/Profile photo/)
    .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByTestId("photo-crop")).toBeVisible();
  await expect(page.getByTestId("profile-preview")).toContainText("Fresh bread daily");
  await page.getByRole("button", { name: "Save to WhatsApp" }).click();
  await expect(page.getByText("Business profile saved to WhatsApp.")).toBeVisible();

  // The simulated phone's business info shows what Meta now holds.
  await page.goto("/sandbox");
  await page.getByLabel("Customer phone (digits)").fill(`1555${Date.now().toString().slice(-7)}`);
  await page.getByLabel("Customer name").fill("Profile Tester");
  await page.getByRole("button", { name: "Business info" }).click();
  const info = page.getByTestId("business-info");
  await expect(info.getByTestId("business-about")).toHaveText("Fresh bread daily, 7 to 7");
  await expect(info.getByTestId("business-photo")).toBeVisible();
  await expect(info).toContainText("https://shop.example.com");

  // Meta stops delivering the account's webhooks to the app (it was unsubscribed elsewhere).
  const n = await sql(`SELECT "phoneNumberId" FROM "PhoneNumber" WHERE id = $1`, [numberId]);
  await sql(
    `INSERT INTO "SandboxNumberState" ("phoneNumberId", "data", "updatedAt") VALUES ($1, '{"unsubscribed": true}', now())
     ON CONFLICT ("phoneNumberId") DO UPDATE SET "data" = '{"unsubscribed": true}'`,
    [n.rows[0].phoneNumberId],
  );
  await page.goto(`${p}/numbers`);
  await page
    .getByRole("button", { name: /Health details of/ })
    .first()
    .click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Check now" }).click();
  const failed = dialog.locator('[data-check="webhook_subscription"][data-passed="false"]');
  await expect(failed).toBeVisible();
  await expect(failed.getByTestId("health-remedy")).toContainText("subscribe the app");
  await expect(dialog.getByTestId("health-status")).toHaveText("Degraded");
  await failed.getByRole("button", { name: "Subscribe the app" }).click();
  await expect(dialog.getByTestId("health-status")).toHaveText("Healthy");
});

test("an admin builds a carousel card by card with the keyboard, sees Meta's carousel rules, and it is approved", async ({
  page,
}) => {
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/templates/new`);
  await expect(page.getByRole("heading", { name: "New template" })).toBeVisible();
  await page.getByLabel("Name").fill("spring_cards");
  await page.getByLabel("Body text").fill("Our spring picks, chosen for you.");

  // Switching the carousel on replaces the header, footer and buttons with two cards.
  await page.getByLabel(/Send as a carousel/).check();
  await expect(page.getByLabel("Header", { exact: true })).toHaveCount(0);
  const cards = page.getByTestId("carousel-card");
  const card = (n: number) => page.getByRole("group", { name: `Card ${n}`, exact: true });
  await expect(cards).toHaveCount(2);
  await expect(problem(page, "header.media.sample")).toHaveCount(2);
  await expect(problem(page, "body.required")).toHaveCount(2);

  // An empty card goes without a question; one card is not a carousel.
  await card(2).getByRole("button", { name: "Remove card 2", exact: true }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(cards).toHaveCount(1);
  await expect(problem(page, "carousel.cards")).toBeVisible();
  await page.getByRole("button", { name: "Add card" }).click();
  await expect(cards).toHaveCount(2);
  await expect(problem(page, "carousel.cards")).toHaveCount(0);
  // The new card's text has the focus.
  await expect(card(2).getByLabel("Card text")).toBeFocused();

  // Card 1: a sample, a text with a variable and its example, a quick reply.
  await card(1)
    .getByLabel("Image sample")
    .setInputFiles({ name: "tulips.png", mimeType: "image/png", buffer: PNG });
  await expect(card(1).locator('[data-rule="header.media.sample"]')).toHaveCount(0);
  await card(1).getByLabel("Card text").fill("x".repeat(161));
  await expect(problem(page, "body.length")).toBeVisible();
  await card(1).getByLabel("Card text").fill("Tulips for {{1}}, fresh today.");
  await expect(problem(page, "body.length")).toHaveCount(0);
  await expect(card(1).locator('[data-rule="example.missing"]')).toBeVisible();
  await card(1).getByLabel("Example for {{1}}").fill("Ana");
  await expect(card(1).locator('[data-rule="example.missing"]')).toHaveCount(0);
  await card(1).getByRole("group", { name: "Card 1 button 1" }).getByLabel("Button text").fill("Tulips");

  // Card 2, typed; then a second button only on card 2 breaks "every card alike", and removing it mends.
  await card(2)
    .getByLabel("Image sample")
    .setInputFiles({ name: "roses.png", mimeType: "image/png", buffer: PNG });
  await expect(card(2).locator('[data-rule="header.media.sample"]')).toHaveCount(0);
  await card(2).getByLabel("Card text").fill("Roses, cut this morning.");
  await card(2).getByRole("group", { name: "Card 2 button 1" }).getByLabel("Button text").fill("Roses");
  await card(2).getByRole("button", { name: "Website" }).click();
  await expect(card(2).locator('[data-rule="carousel.same_shape"]')).toBeVisible();
  await card(2).getByRole("button", { name: "Remove card 2 button 2" }).click();
  await expect(problem(page, "carousel.same_shape")).toHaveCount(0);

  // A third card, moved up with the keyboard: the focus follows it; empty, it goes without a question.
  await page.getByRole("button", { name: "Add card" }).click();
  await expect(cards).toHaveCount(3);
  await card(3).getByRole("button", { name: "Move card 3 up" }).focus();
  await page.keyboard.press("Enter");
  await expect(card(2).getByLabel("Card text")).toHaveValue("");
  await expect(card(3).getByLabel("Card text")).toHaveValue("Roses, cut this morning.");
  await expect(card(2).getByRole("button", { name: "Move card 2 up" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(card(1).getByLabel("Card text")).toHaveValue("");
  await expect(card(1).getByRole("button", { name: "Move card 1 down" })).toBeFocused();
  await page.keyboard.press("Enter");
  await card(2).getByRole("button", { name: "Remove card 2", exact: true }).click();
  await expect(cards).toHaveCount(2);
  await expect(card(2).getByLabel("Card text")).toHaveValue("Roses, cut this morning.");

  // A card with content asks first.
  await card(2).getByRole("button", { name: "Remove card 2", exact: true }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Remove card 2?");
  await confirm.getByRole("button", { name: "Keep it" }).click();
  await expect(cards).toHaveCount(2);

  // The preview draws the cards with their examples; Meta's rules are met.
  const previewCards = page.getByTestId("preview-card");
  await expect(previewCards).toHaveCount(2);
  await expect(previewCards.first()).toContainText("Tulips for Ana, fresh today.");
  await expect(previewCards.nth(1)).toContainText("Roses");
  await expect(page.getByTestId("rules-ok")).toBeVisible();
  // The cards beyond the preview's edge are reached with the keyboard.
  const strip = page.getByTestId("preview-cards");
  await strip.focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => strip.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await strip.evaluate((el) => el.scrollTo({ left: 0 }));

  // The editor with a carousel at a laptop and a phone width, light and dark, saved for a person to look at.
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.getByRole("button", { name: theme === "light" ? "Light" : "Dark", exact: true }).click();
    for (const [w, h] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${theme} ${w}: the page scrolls sideways`).toBeLessThanOrEqual(0);
      if (w === 1280) {
        // No serious or critical accessibility problem in the editor with its cards, in either theme.
        const axe = await new AxeBuilder({ page }).include("form").analyze();
        const bad = axe.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        expect(bad, `${theme}: axe serious/critical`).toEqual([]);
      }
      await page.screenshot({
        path: `test-results/screenshots/template-carousel-${theme}-${w}.png`,
        fullPage: true,
      });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.waitForURL(/\/templates\?waba=/);
  const row = page.getByTestId("template-row").filter({ hasText: "spring_cards" });
  await expect(row.getByTestId("template-status")).toHaveText("Approved", { timeout: 30_000 });
});
