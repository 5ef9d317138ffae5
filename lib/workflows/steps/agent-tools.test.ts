import { describe, expect, it } from "vitest";
import { renderUrl, type TemplateScope } from "@/lib/workflows/engine/template";
import { toolUrl } from "./agent-tools";

// An HTTP tool's URL is the node's template with values the model or the customer supplied: a variable
// the model saved, the customer's last message, the model's arguments. None of them may change where
// the request goes beyond its own path segment or query value.

const HOSTILE = ["../admin?x=", "a/b#c", "@evil.example/", "x&admin=1", "%2e%2e/"];

function ctxWith(vars: Record<string, unknown>, lastUserInput: string | null = null) {
  const scope: TemplateScope = { vars, context: {}, system: {}, metadata: {}, lastUserInput };
  return { renderUrl: (t: string) => renderUrl(t, scope, { API: "https://api.example.com" }) };
}

describe("an HTTP tool's URL", () => {
  it("keeps each substituted value inside its path segment", () => {
    for (const value of HOSTILE) {
      const url = new URL(
        toolUrl("https://shop.example/orders/{{vars.id}}/items", ctxWith({ id: value }), "POST", {}),
      );
      expect(url.host).toBe("shop.example");
      expect(url.search).toBe("");
      expect(url.hash).toBe("");
      const segments = url.pathname.split("/");
      expect(segments).toHaveLength(4);
      expect(segments[1]).toBe("orders");
      expect(decodeURIComponent(segments[2]!)).toBe(value);
      expect(segments[3]).toBe("items");
    }
  });

  it("keeps each substituted value inside its query value, the customer's words too", () => {
    for (const value of HOSTILE) {
      const url = new URL(
        toolUrl("https://shop.example/search?q={{last_user_input}}&page=1", ctxWith({}, value), "POST", {}),
      );
      expect(url.host).toBe("shop.example");
      expect(url.pathname).toBe("/search");
      expect([...url.searchParams.keys()]).toEqual(["q", "page"]);
      expect(url.searchParams.get("q")).toBe(value);
      expect(url.hash).toBe("");
    }
  });

  it("sends the model's arguments of a GET as encoded query values, names included", () => {
    const args = { order_id: "../admin?x=", note: "a/b#c", "k&v=1": "y", n: 2 };
    const url = new URL(toolUrl("https://shop.example/orders?v=1", ctxWith({}), "GET", args));
    expect(url.pathname).toBe("/orders");
    expect(url.hash).toBe("");
    expect([...url.searchParams.entries()]).toEqual([
      ["v", "1"],
      ["order_id", "../admin?x="],
      ["note", "a/b#c"],
      ["k&v=1", "y"],
      ["n", "2"],
    ]);
    expect(toolUrl("https://shop.example/orders", ctxWith({}), "DELETE", { id: "a b" })).toBe(
      "https://shop.example/orders?id=a%20b",
    );
    // A POST's arguments are its body, not its URL.
    expect(toolUrl("https://shop.example/orders", ctxWith({}), "POST", { id: "1" })).toBe(
      "https://shop.example/orders",
    );
  });

  it("leaves the operator's own ENV values as written", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow's own ${ENV:…} syntax
    const template = "${ENV:API}/orders/{{vars.id}}";
    expect(toolUrl(template, ctxWith({ id: "4/2" }), "POST", {})).toBe(
      "https://api.example.com/orders/4%2F2",
    );
  });
});
