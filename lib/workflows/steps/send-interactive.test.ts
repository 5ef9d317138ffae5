import { describe, expect, it } from "vitest";
import { render, renderDeep, renderUrl, type TemplateScope } from "@/lib/workflows/engine/template";
import type { ExecuteContext, SendRequest } from "./execute";
import { sendInteractive } from "./send-interactive";

// A link button's URL is built from the operator's template and values the customer or a variable
// supplied; whoever taps it must land on the operator's host and path.

async function sent(config: Record<string, unknown>, vars: Record<string, unknown>) {
  const scope: TemplateScope = { vars, context: {}, system: {}, metadata: {}, lastUserInput: null };
  const requests: SendRequest[] = [];
  const ctx = {
    render: (t: string) => render(t, scope, {}),
    renderDeep: <T>(v: T) => renderDeep(v, scope, {}),
    renderUrl: (t: string) => renderUrl(t, scope, {}),
    send: async (req: SendRequest) => {
      requests.push(req);
      return { messageId: "m1", replayed: false, outcome: "sent" as const };
    },
  } as unknown as ExecuteContext;
  await sendInteractive.execute!(config, ctx);
  return requests[0]?.content as { action: { parameters: { url: string; display_text: string } } };
}

describe("a link button's URL", () => {
  it("keeps a hostile value inside its path segment; the text around it is rendered as usual", async () => {
    const hostile = "../admin?x=@evil.example/#";
    const content = await sent(
      {
        interactive_type: "cta_url",
        body_text: "Your order {{vars.order}}",
        cta_display_text: "Track",
        cta_url: "https://shop.example/track/{{vars.order}}?ref=wa",
      },
      { order: hostile },
    );
    const url = new URL(content.action.parameters.url);
    expect(url.origin).toBe("https://shop.example");
    expect(url.pathname.split("/").map(decodeURIComponent)).toEqual(["", "track", hostile]);
    expect([...url.searchParams.entries()]).toEqual([["ref", "wa"]]);
    expect(url.hash).toBe("");
    expect((content as unknown as { body: { text: string } }).body.text).toBe(`Your order ${hostile}`);
  });
});
