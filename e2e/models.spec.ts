import { expect, test } from "@playwright/test";
import { type ModelServer, startModelServer } from "../lib/testing/model-server";
import { DEMO, signInAsOwner } from "./fixtures";

// Settings → Models against a real model server (OpenAI's Chat Completions wire protocol) started by
// the test on 127.0.0.1, which the e2e servers allow through the egress guard (EGRESS_ALLOW_HOSTS).

const KEY = "sk-e2e-secret-key-0123456789-LAST";
let server: ModelServer;

test.beforeAll(async () => {
  server = await startModelServer();
});
test.afterAll(async () => {
  await server.close();
});

test("an admin adds a provider pointing at a local model server, tests the connection, edits and deletes it", async ({
  page,
}) => {
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/settings/models`);
  await expect(page.getByRole("link", { name: "Models" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("No model providers yet")).toBeVisible();

  await page.getByRole("button", { name: "Add provider" }).click();
  const dialog = page.getByRole("dialog");
  // Validation names the fields before anything is stored.
  await dialog.getByLabel("Base URL").fill("");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog.getByText("Name is required")).toBeVisible();
  await expect(dialog.getByText("API key is required for this kind")).toBeVisible();

  await dialog.getByLabel("Name").fill("Local test model");
  await dialog.getByLabel("Base URL").fill(server.baseUrl);
  await dialog.getByLabel("API key").fill(KEY);
  await dialog.getByLabel("Default model").fill("test-model");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("provider-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Local test model");
  await expect(row).toContainText("Default");
  await expect(row.getByTestId("provider-key")).toHaveText("Set ····LAST");
  await expect(row).toContainText("Not tested");
  // The key is never sent to the browser.
  expect(await page.content()).not.toContain(KEY);

  await row.getByRole("button", { name: "Test the connection to Local test model" }).click();
  await expect(row.getByTestId("test-ok")).toContainText("Connected");
  await expect(page.getByText(/Local test model answered in \d+ ms/)).toBeVisible();
  expect(server.requests).toHaveLength(1);
  expect(server.requests[0]).toMatchObject({ protocol: "openai", model: "test-model" });
  expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);

  // A provider that fails says why on its row.
  server.always({ status: 401, message: "invalid key" });
  await row.getByRole("button", { name: "Test the connection to Local test model" }).click();
  await expect(row.getByTestId("test-failed")).toContainText("401");
  server.reset();

  // Editing keeps the stored key when the field is left empty.
  await row.getByRole("button", { name: "Edit Local test model" }).click();
  const edit = page.getByRole("dialog");
  await expect(edit.getByLabel("API key")).toHaveAttribute("placeholder", /ending in LAST/);
  await edit.getByLabel("Default model").fill("other-model");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("other-model");
  await row.getByRole("button", { name: "Test the connection to Local test model" }).click();
  await expect(row.getByTestId("test-ok")).toBeVisible();
  expect(server.requests.at(-1)?.model).toBe("other-model");
  expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);

  // Deleting asks first; cancelling keeps it.
  await row.getByRole("button", { name: "Delete Local test model" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Delete Local test model?");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Delete Local test model" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete provider" }).click();
  await expect(page.getByText("No model providers yet")).toBeVisible();
});
