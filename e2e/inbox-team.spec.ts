import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { PORT_B } from "../playwright.config";
import { addMember, DEMO, newPage, signInAsOwner, signInNewMember } from "./fixtures";

const DATABASE_URL = process.env.E2E_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/switchboard_e2e";

/** A customer writes from the simulated phone; returns their display name. */
async function customerWrites(phone: Page, text: string, numberLabel?: RegExp) {
  const digits = `1555${Date.now().toString().slice(-7)}`;
  const name = `Team Tester ${digits.slice(-4)}`;
  await phone.goto("/sandbox");
  if (numberLabel) {
    await phone.getByLabel("Business number").click();
    await phone.getByRole("option", { name: numberLabel }).click();
  }
  await phone.getByLabel("Customer phone (digits)").fill(digits);
  await phone.getByLabel("Customer name").fill(name);
  await phone.getByLabel("Message").fill(text);
  await phone.getByLabel("Message").press("Enter");
  return { name, digits };
}

test("two operators on two instances see each other's replies, assignments and closes live", async ({
  page,
  browser,
}) => {
  await signInAsOwner(page);
  const email = `operator-${Date.now()}@example.test`;
  const password = await addMember(page, email);

  // Operator B works through the second server process.
  const b = await newPage(browser);
  const originB = `http://127.0.0.1:${PORT_B}`;
  await signInNewMember(b, email, password, originB);
  await expect(b).toHaveURL(new RegExp(`/p/${DEMO.slug}/inbox$`));

  const phone = await newPage(browser);
  await signInAsOwner(phone);
  const { name } = await customerWrites(phone, "Can someone help with my booking?");

  await page.goto(`/p/${DEMO.slug}/inbox`);
  const itemA = page.getByTestId("conversation-item").filter({ hasText: name });
  const itemB = b.getByTestId("conversation-item").filter({ hasText: name });
  await expect(itemA).toContainText("Can someone help with my booking?");
  await expect(itemB).toContainText("Can someone help with my booking?");
  await itemA.click();
  await itemB.click();

  // Each sees that the other has the conversation open.
  await expect(page.getByTestId("presence")).toBeVisible();
  await expect(b.getByTestId("presence")).toBeVisible();

  // A assigns it to B with a note; B's list shows it without a reload, and the filter finds it.
  await page.getByTestId("assign-button").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Assign to").click();
  await page.getByRole("option", { name: new RegExp(email.split("@")[0] ?? email) }).click();
  await dialog.getByLabel("Note (optional)").fill("Booking changes are yours");
  await dialog.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(itemB.getByTestId("assignee-name")).toBeVisible();
  await expect(b.getByTestId("assign-button")).not.toHaveText(/^Assign$/);

  // B replies; A's thread shows it live.
  await b.getByRole("textbox", { name: "Reply" }).fill("Happy to help: what is the booking number?");
  await b.getByRole("textbox", { name: "Reply" }).press("Enter");
  await expect(
    page.getByTestId("thread-message").filter({ hasText: "what is the booking number?" }),
  ).toBeVisible();

  // The assignment history with the note, in A's contact panel.
  await page.getByRole("button", { name: "Contact details" }).click();
  await expect(page.getByTestId("assignment-history")).toContainText("Booking changes are yours");

  // A closes it; B sees it end.
  await page.getByRole("button", { name: "Close", exact: true }).click();
  await expect(b.getByTestId("conversation-status")).toHaveText("ended");
});

test("outside the 24-hour window the composer offers templates only, and a template goes out", async ({
  page,
  browser,
}) => {
  const phone = await newPage(browser);
  await signInAsOwner(phone);
  const { name, digits } = await customerWrites(phone, "Hello from last week");

  // The customer's last message was 25 hours ago.
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await expect
    .poll(async () => {
      const r = await client.query(
        `UPDATE "Conversation" c SET "lastInboundAt" = now() - interval '25 hours'
         FROM "Contact" k WHERE k.id = c."contactId" AND k."waId" = $1`,
        [digits],
      );
      return r.rowCount;
    })
    .toBeGreaterThan(0);
  await client.end();

  await signInAsOwner(page);
  await page.getByTestId("conversation-item").filter({ hasText: name }).click();
  await expect(page.getByTestId("window-state")).toHaveAttribute("data-open", "false");
  await expect(page.getByRole("textbox", { name: "Reply" })).toHaveCount(0);

  await page.getByRole("button", { name: "Send a template" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: /order_update/ }).click();
  await dialog.getByLabel("Body {{1}}").fill("Ana");
  await dialog.getByLabel("Body {{2}}").fill("#1042");
  await expect(dialog.getByTestId("template-preview")).toContainText("Hi Ana, your order #1042 has shipped");
  await dialog.getByRole("button", { name: "Send template" }).click();

  const sent = page.getByTestId("thread-message").filter({ hasText: "your order #1042 has shipped" });
  await expect(sent).toBeVisible();
  await expect(sent).toHaveAttribute("data-status", /SENT|DELIVERED|READ/);
  await expect(phone.getByTestId("phone-message").filter({ hasText: "#1042" })).toBeVisible();
});
