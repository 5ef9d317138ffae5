import { describe, expect, it } from "vitest";
import { SandboxGraphError } from "./graph-error";
import { type TemplateDef, validateSend } from "./validate";

const templates: TemplateDef[] = [
  {
    name: "order_update",
    language: "en_US",
    status: "APPROVED",
    components: [{ type: "BODY", text: "Hi {{1}}, order {{2}} shipped" }],
  },
  { name: "promo", language: "en_US", status: "PENDING", components: [{ type: "BODY", text: "Sale" }] },
];
const find = (n: string, l: string) => templates.find((t) => t.name === n && t.language === l);
const base = { messaging_product: "whatsapp", to: "+1 555 0100" };

function errorOf(body: unknown): SandboxGraphError {
  try {
    validateSend(body, find);
  } catch (e) {
    expect(e).toBeInstanceOf(SandboxGraphError);
    return e as SandboxGraphError;
  }
  throw new Error("expected a Graph error");
}

describe("sandbox send validation", () => {
  it("accepts well-formed messages of each kind", () => {
    expect(validateSend({ ...base, type: "text", text: { body: "hi" } }, find)).toMatchObject({
      kind: "message",
      type: "text",
      to: "15550100",
    });
    expect(
      validateSend({ ...base, type: "image", image: { link: "https://x/y.png", caption: "c" } }, find),
    ).toMatchObject({ type: "image" });
    expect(
      validateSend({ ...base, type: "reaction", reaction: { message_id: "wamid.1", emoji: "👍" } }, find),
    ).toMatchObject({ type: "reaction" });
    expect(
      validateSend(
        {
          ...base,
          type: "template",
          template: {
            name: "order_update",
            language: { code: "en_US" },
            components: [
              {
                type: "body",
                parameters: [
                  { type: "text", text: "Ann" },
                  { type: "text", text: "42" },
                ],
              },
            ],
          },
        },
        find,
      ),
    ).toMatchObject({ isTemplate: true });
    expect(
      validateSend(
        {
          messaging_product: "whatsapp",
          status: "read",
          message_id: "wamid.9",
          typing_indicator: { type: "text" },
        },
        find,
      ),
    ).toEqual({ kind: "read", messageId: "wamid.9", typing: true });
  });

  it("names missing and too-long fields with code 100", () => {
    expect(errorOf({ ...base, type: "text", text: {} })).toMatchObject({
      code: 100,
      details: "Param text.body is required",
    });
    expect(errorOf({ ...base, type: "text", text: { body: "x".repeat(4097) } }).details).toMatch(
      /text.body must be at most 4096/,
    );
    expect(errorOf({ messaging_product: "whatsapp", type: "text", text: { body: "x" } }).details).toMatch(
      /Param to is required/,
    );
    expect(errorOf({ ...base, type: "image", image: { id: "1", link: "https://x" } }).details).toMatch(
      /exactly one of id or link/,
    );
  });

  it("enforces interactive button and list limits", () => {
    const button = (buttons: unknown[]) => ({
      ...base,
      type: "interactive",
      interactive: { type: "button", body: { text: "Pick" }, action: { buttons } },
    });
    const b = (id: string, title: string) => ({ type: "reply", reply: { id, title } });
    expect(validateSend(button([b("a", "A"), b("b", "B")]), find)).toMatchObject({ type: "interactive" });
    expect(errorOf(button([b("a", "A"), b("b", "B"), b("c", "C"), b("d", "D")])).details).toMatch(
      /1 to 3 buttons/,
    );
    expect(errorOf(button([b("a", "x".repeat(21))])).details).toMatch(/title must be at most 20/);
    expect(errorOf(button([b("a", "Same"), b("b", "Same")])).details).toMatch(/must be unique/);
    const rows = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
    expect(
      errorOf({
        ...base,
        type: "interactive",
        interactive: {
          type: "list",
          body: { text: "Pick" },
          action: { button: "Choose", sections: [{ title: "All", rows }] },
        },
      }).details,
    ).toMatch(/at most 10 rows/);
  });

  it("checks template existence, approval and parameter counts", () => {
    const t = (name: string, params: number) => ({
      ...base,
      type: "template",
      template: {
        name,
        language: { code: "en_US" },
        components: [
          { type: "body", parameters: Array.from({ length: params }, () => ({ type: "text", text: "v" })) },
        ],
      },
    });
    expect(errorOf(t("nope", 0)).code).toBe(132001);
    expect(errorOf(t("promo", 0)).code).toBe(132001);
    expect(errorOf(t("order_update", 1))).toMatchObject({ code: 132000 });
  });

  it("rejects unknown types with 131051", () => {
    expect(errorOf({ ...base, type: "hologram" }).code).toBe(131051);
  });
});

describe("simulator rules Meta enforces", () => {
  const card = (i: number, kind = "image") => ({
    card_index: i,
    type: "cta_url",
    header: { type: kind, [kind]: { link: `https://example.com/${i}.jpg` } },
    body: { text: `Card ${i}` },
    action: { name: "cta_url", parameters: { display_text: "Buy", url: "https://example.com/buy" } },
  });
  const carousel = (cards: unknown[]) => ({
    ...base,
    type: "interactive",
    interactive: { type: "carousel", body: { text: "Pick one" }, action: { cards } },
  });

  it("accepts an interactive media carousel of 2 to 10 cards", () => {
    expect(validateSend(carousel([card(0), card(1)]), find)).toMatchObject({ type: "interactive" });
    expect(validateSend(carousel(Array.from({ length: 10 }, (_, i) => card(i))), find)).toMatchObject({
      type: "interactive",
    });
    const quickReplies = {
      ...card(1),
      action: { buttons: [{ type: "quick_reply", quick_reply: { id: "a", title: "Yes" } }] },
    };
    expect(validateSend(carousel([card(0), quickReplies]), find)).toMatchObject({ type: "interactive" });
  });

  it("refuses carousels Meta refuses, naming the field", () => {
    expect(errorOf(carousel([card(0)])).details).toContain("interactive.action.cards");
    expect(errorOf(carousel(Array.from({ length: 11 }, (_, i) => card(i)))).details).toContain("2 to 10");
    expect(errorOf(carousel([card(0), card(1, "video")])).details).toContain("same on every card");
    expect(errorOf(carousel([card(0), { ...card(1), header: undefined }])).details).toContain(
      "cards[1].header",
    );
  });

  it("refuses coordinates out of range", () => {
    const at = (latitude: unknown, longitude: unknown) => ({
      ...base,
      type: "location",
      location: { latitude, longitude },
    });
    expect(validateSend(at(52.5, "13.4"), find)).toMatchObject({ type: "location" });
    expect(errorOf(at(1000, 0)).details).toContain("location.latitude");
    expect(errorOf(at(0, -181)).details).toContain("location.longitude");
    expect(errorOf(at("north", 0)).details).toContain("location.latitude");
  });
});
