// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV:KEY} is the workflow's own syntax under test
import { describe, expect, it } from "vitest";
import { render, renderDeep, renderUrl, type TemplateScope } from "@/lib/workflows/engine/template";
import type { ExecuteContext } from "./execute";
import { webhook } from "./webhook";

// The HTTP step's URL is the operator's template with values the customer or a variable supplied; what
// it calls must stay the operator's host and path, with each value in its own segment or query value.

function run(config: Record<string, unknown>, vars: Record<string, unknown>, lastUserInput: string) {
  const scope: TemplateScope = { vars, context: {}, system: {}, metadata: {}, lastUserInput };
  const env = { API: "https://api.example.com" };
  const calls: { url: string; method: string; body?: string }[] = [];
  const ctx = {
    render: (t: string) => render(t, scope, env),
    renderDeep: <T>(v: T) => renderDeep(v, scope, env),
    renderUrl: (t: string) => renderUrl(t, scope, env),
    http: async (req: { url: string; method: string; body?: string }) => {
      calls.push(req);
      return { status: 200, body: {}, truncated: false };
    },
  } as unknown as ExecuteContext;
  return webhook.execute!(config, ctx).then(() => calls);
}

describe("the HTTP step's URL", () => {
  it("keeps a hostile value inside its path segment and query value; the body is not encoded", async () => {
    const hostile = "../admin?x=@evil.example/#";
    const [call] = await run(
      {
        url: "https://shop.example/orders/{{vars.order}}/items?q={{last_user_input}}",
        method: "POST",
        body_template: '{"q":"{{last_user_input}}"}',
      },
      { order: hostile },
      hostile,
    );
    const url = new URL(call!.url);
    expect(url.origin).toBe("https://shop.example");
    expect(url.pathname.split("/").map(decodeURIComponent)).toEqual(["", "orders", hostile, "items"]);
    expect([...url.searchParams.entries()]).toEqual([["q", hostile]]);
    expect(url.hash).toBe("");
    expect(call!.body).toBe(`{"q":"${hostile}"}`);
  });

  it("uses the operator's ENV value as written", async () => {
    const [call] = await run(
      { url: "${ENV:API}/orders/{{vars.order}}", method: "GET" },
      { order: "4/2" },
      "",
    );
    expect(call!.url).toBe("https://api.example.com/orders/4%2F2");
  });

  it("refuses a URL that would take its scheme or host from a {{…}} value (it would be encoded)", () => {
    const valid = (url: string) => webhook.schema.safeParse({ url, method: "GET" }).success;
    expect(valid("https://shop.example/{{vars.x}}")).toBe(true);
    expect(valid("${ENV:API}/orders")).toBe(true);
    expect(valid("{{vars.base}}/orders")).toBe(false);
    expect(webhook.schema.safeParse({ url: "{{vars.base}}" }).error?.issues[0]?.message).toBe(
      "URL must start with http://, https:// or ${ENV:…}",
    );
  });
});
