import { describe, expect, it } from "vitest";
import {
  emptyButton,
  emptyCard,
  emptyState,
  fieldOf,
  fromTemplate,
  isEmptyCard,
  moveItem,
  problemsByField,
  toPayload,
} from "./editor-state";
import { checkTemplate } from "./rules";

describe("editor state", () => {
  it("builds a valid NAMED payload with a media header and buttons, and reads it back", () => {
    const s = emptyState();
    Object.assign(s, {
      name: "spring_sale",
      parameterFormat: "NAMED",
      headerFormat: "IMAGE",
      headerHandle: "4::h",
      body: "Hi {{first_name}}, spring prices are here.",
      examples: { "body:first_name": "Ana" },
      footer: "Reply STOP to opt out",
      buttons: [
        { ...emptyButton("QUICK_REPLY"), text: "Yes" },
        { ...emptyButton("URL"), text: "Shop", url: "https://x.com/{{1}}", urlExample: "https://x.com/a" },
      ],
    });
    const payload = toPayload(s);
    expect(checkTemplate(payload)).toEqual([]);
    const back = fromTemplate({ ...payload, parameterFormat: "NAMED", components: payload.components });
    expect(toPayload(back)).toEqual(payload);
  });
  it("maps each problem to the field that shows it", () => {
    const s = emptyState();
    Object.assign(s, { name: "Bad Name", body: "Hi {{1}} and {{2}} here", headerFormat: "IMAGE" });
    const by = problemsByField(checkTemplate(toPayload(s)), s);
    expect([...by.keys()]).toEqual(["name", "header-sample", "example:body:1", "example:body:2"]);
    expect(fieldOf("components.BUTTONS.buttons[3].url", s)).toBe("button-3");
    expect(fieldOf("components.FOOTER.code_expiration_minutes", s)).toBe("expiry");
  });
  it("authentication: preset body, expiry footer, the OTP button", () => {
    const s = { ...emptyState(), name: "login", category: "AUTHENTICATION" as const, codeExpiry: "95" };
    const by = problemsByField(checkTemplate(toPayload(s)), s);
    expect([...by.keys()]).toEqual(["expiry"]);
  });

  describe("carousel", () => {
    const card = (body: string, example: string, label: string) => {
      const c = emptyCard();
      c.headerHandle = `4::${label}`;
      c.body = body;
      c.examples = { first_name: example };
      c.buttons = [{ ...c.buttons[0]!, text: label }];
      return c;
    };
    const carouselState = () => {
      const s = emptyState();
      Object.assign(s, {
        name: "spring_cards",
        parameterFormat: "NAMED",
        body: "Hi {{first_name}}, our spring picks for you.",
        examples: { "body:first_name": "Ana" },
        // Left over from before the carousel was switched on: never sent with it.
        headerFormat: "TEXT",
        headerText: "Old header",
        footer: "Old footer",
        buttons: [{ ...emptyButton("QUICK_REPLY"), text: "Old" }],
      });
      s.carousel = {
        enabled: true,
        cards: [
          card("Tulips for {{first_name}} today.", "Ana", "Tulips"),
          card("Roses, fresh.", "", "Roses"),
        ],
      };
      s.carousel.cards[1]!.examples = {};
      return s;
    };

    it("builds Meta's carousel payload, with no header, footer or buttons of its own, and reads it back", () => {
      const s = carouselState();
      const payload = toPayload(s);
      expect(checkTemplate(payload)).toEqual([]);
      expect(payload.components.map((c) => c.type)).toEqual(["BODY", "CAROUSEL"]);
      const cards = (payload.components[1] as { cards: { components: Record<string, unknown>[] }[] }).cards;
      expect(cards[0]!.components).toEqual([
        { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::Tulips"] } },
        {
          type: "BODY",
          text: "Tulips for {{first_name}} today.",
          example: { body_text_named_params: [{ param_name: "first_name", example: "Ana" }] },
        },
        { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Tulips" }] },
      ]);
      const back = fromTemplate({ ...payload, parameterFormat: "NAMED", components: payload.components });
      expect(back.carousel.enabled).toBe(true);
      expect(toPayload(back)).toEqual(payload);
    });

    it("maps each card's problems to that card's fields", () => {
      const s = carouselState();
      s.parameterFormat = "POSITIONAL";
      s.body = "Our spring picks.";
      s.examples = {};
      s.carousel.cards[0]!.body = "Tulips for {{1}} today.";
      s.carousel.cards[0]!.examples = {};
      s.carousel.cards[1]!.headerHandle = "";
      s.carousel.cards[1]!.buttons = [{ ...emptyButton("URL"), text: "Go", url: "https://x.com" }];
      const by = problemsByField(checkTemplate(toPayload(s)), s);
      expect([...by.keys()]).toEqual(["card-0-example:1", "card-1-sample", "card-1-buttons"]);
      expect(by.get("card-1-buttons")?.[0]?.rule).toBe("carousel.same_shape");
      s.carousel.cards = s.carousel.cards.slice(0, 1);
      const one = problemsByField(checkTemplate(toPayload(s)), s);
      expect(one.get("carousel")?.[0]?.rule).toBe("carousel.cards");
      expect(fieldOf("components.CAROUSEL.cards[3].BUTTONS.buttons[1].url", s)).toBe("card-3-button-1");
      expect(fieldOf("components.CAROUSEL.cards[2].HEADER.format", s)).toBe("card-2-header");
      expect(fieldOf("components.CAROUSEL.cards[2].BODY.example.body_text_named_params.x", s)).toBe(
        "card-2-example:x",
      );
    });

    it("a new card is shaped like the first; empty cards and moves", () => {
      const first = card("Text", "", "Tulips");
      first.headerFormat = "VIDEO";
      first.buttons = [emptyButton("URL"), emptyButton("QUICK_REPLY")];
      const next = emptyCard(first);
      expect(next.headerFormat).toBe("VIDEO");
      expect(next.buttons.map((b) => b.type)).toEqual(["URL", "QUICK_REPLY"]);
      expect(next.buttons[0]!.key).not.toBe(first.buttons[0]!.key);
      expect(isEmptyCard(next)).toBe(true);
      expect(isEmptyCard(first)).toBe(false);
      expect(isEmptyCard({ ...next, buttons: [{ ...next.buttons[0]!, url: "https://x" }] })).toBe(false);
      expect(moveItem(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
      expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "c", "b"]);
      expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
      expect(moveItem(["a", "b", "c"], 2, 9)).toEqual(["a", "b", "c"]);
    });
  });
});
