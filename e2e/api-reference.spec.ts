import { expect, test } from "@playwright/test";
import { DEMO, signInAsOwner } from "./fixtures";

// The API reference is rendered from the served OpenAPI document, with no request leaving the app.
test("the API reference lists every Platform endpoint, offline, with parameters and bodies", async ({
  page,
}) => {
  const outside: string[] = [];
  page.on("request", (r) => {
    const host = new URL(r.url()).hostname;
    if (host !== "127.0.0.1" && host !== "localhost") outside.push(r.url());
  });
  await signInAsOwner(page);
  await page.goto(`/p/${DEMO.slug}/settings/api-reference`);
  await expect(page.getByRole("link", { name: "API reference" })).toHaveAttribute("aria-current", "page");
  for (const tag of ["Conversations", "Assignments", "Users", "Inbox embeds", "Workflows", "Triggers"])
    await expect(page.getByRole("heading", { name: tag, exact: true })).toBeVisible();

  const doc = await (await page.request.get("/platform/v1/openapi.json")).json();
  const operations = Object.values(doc.paths as Record<string, object>).flatMap((p) => Object.keys(p));
  await expect(page.locator("details")).toHaveCount(operations.length);

  const create = page.locator("details").filter({ hasText: "Create an embed" });
  await create.locator("summary").click();
  await expect(create.getByText("Request body (JSON, required)")).toBeVisible();
  await expect(create.getByText("scope_type", { exact: true }).first()).toBeVisible();
  await expect(create.getByText("201", { exact: true })).toBeVisible();
  expect(outside).toEqual([]);
});
