// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV:KEY} is the workflow's own syntax under test
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { render, renderUrl, type TemplateScope } from "./template";

// renderUrl is how a step turns a URL template into the address it calls: each {{…}} value is one path
// segment or query value, whatever the customer typed or a variable holds.

const scope = (vars: Record<string, unknown>, lastUserInput: string | null = null): TemplateScope => ({
  vars,
  context: {},
  system: {},
  metadata: {},
  lastUserInput,
});
const ENV = { API: "https://api.example.com/v1", Q: "a=1&b=2" };

describe("renderUrl", () => {
  it("encodes each value, so it cannot add a segment, a query, a fragment or a host", () => {
    for (const value of ["../admin?x=", "a/b#c", "@evil.example/", "x&admin=1", "%2e%2e/", "a\\b", "..."]) {
      const url = new URL(
        renderUrl(
          "https://shop.example/orders/{{vars.id}}/items?q={{last_user_input}}",
          scope({ id: value }, value),
          {},
        ),
      );
      expect(url.origin).toBe("https://shop.example");
      expect(url.pathname.split("/").map(decodeURIComponent)).toEqual(["", "orders", value, "items"]);
      expect([...url.searchParams.entries()]).toEqual([["q", value]]);
      expect(url.hash).toBe("");
    }
  });

  it("leaves the operator's ENV values and written text as they are", () => {
    expect(renderUrl("${ENV:API}/orders/{{vars.id}}?${ENV:Q}", scope({ id: "4/2" }), ENV)).toBe(
      "https://api.example.com/v1/orders/4%2F2?a=1&b=2",
    );
    expect(renderUrl("https://shop.example/a/../b", scope({}), {})).toBe("https://shop.example/a/../b");
    // The plain render (a body, a header) is not encoded.
    expect(render("{{vars.id}}", scope({ id: "4/2" }), {})).toBe("4/2");
  });

  it("refuses a value that makes a whole path segment . or .., which URLs resolve even encoded", () => {
    const refused = (template: string, vars: Record<string, unknown>) => {
      try {
        renderUrl(template, scope(vars), {});
        return null;
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).code;
      }
    };
    expect(refused("https://shop.example/orders/{{vars.id}}/items", { id: ".." })).toBe("validation");
    expect(refused("https://shop.example/orders/{{vars.id}}", { id: "." })).toBe("validation");
    expect(refused("https://shop.example/orders/{{vars.a}}{{vars.b}}?x=1", { a: ".", b: "." })).toBe(
      "validation",
    );
    expect(refused("https://shop.example/orders/.{{vars.id}}#top", { id: "." })).toBe("validation");
    // Dots that do not make a whole segment, and dots in the query, stay what they are.
    expect(refused("https://shop.example/orders/v{{vars.id}}", { id: ".." })).toBeNull();
    expect(refused("https://shop.example/orders/{{vars.id}}", { id: "..." })).toBeNull();
    expect(refused("https://shop.example/search?q={{vars.id}}", { id: ".." })).toBeNull();
    expect(renderUrl("https://shop.example/search?q={{vars.id}}", scope({ id: ".." }), {})).toBe(
      "https://shop.example/search?q=..",
    );
  });
});
