import { checkBody } from "./rules-body";
import { checkButtons } from "./rules-buttons";
import { type Collector, componentsByType, LIMITS, type Obj, objs, upper } from "./rules-core";
import { checkHeader } from "./rules-header";
import type { ParameterFormat } from "./variables";

// A carousel: 2-10 cards, each with an image or video header, a short body and 1-2 buttons, all alike.

export function checkCarousel(p: Collector, path: string, c: Obj, category: string, format: ParameterFormat) {
  if (category === "AUTHENTICATION")
    p.error(path, "carousel.category", "Carousels are for marketing and utility templates.");
  const cards = objs(c.cards);
  if (cards.length < LIMITS.cardsMin || cards.length > LIMITS.cardsMax)
    p.error(
      `${path}.cards`,
      "carousel.cards",
      `A carousel has ${LIMITS.cardsMin} to ${LIMITS.cardsMax} cards (${cards.length} now).`,
    );
  let shape: string | undefined;
  let headerKind: string | undefined;
  cards.forEach((card, i) => {
    const cp = `${path}.cards[${i}]`;
    const parts = componentsByType(p, cp, objs(card.components), ["HEADER", "BODY", "BUTTONS"]);
    const h = parts.get("HEADER");
    if (!h) p.error(`${cp}.HEADER`, "carousel.card_header", "Each card has an image or video header.");
    else {
      checkHeader(p, `${cp}.HEADER`, h, category, format, true);
      headerKind ??= upper(h.format);
      if (upper(h.format) !== headerKind)
        p.error(`${cp}.HEADER.format`, "carousel.same_shape", "Every card has the same kind of header.");
    }
    const b = parts.get("BODY");
    if (b) checkBody(p, `${cp}.BODY`, b, format, LIMITS.cardBody, "Card body");
    else p.error(`${cp}.BODY.text`, "body.required", "Card body text is required.");
    const buttons = objs(parts.get("BUTTONS")?.buttons);
    if (!parts.get("BUTTONS"))
      p.error(`${cp}.BUTTONS`, "carousel.card_buttons", "Each card has 1 or 2 buttons.");
    else checkButtons(p, `${cp}.BUTTONS.buttons`, buttons, category, true);
    const s = buttons.map((x) => upper(x.type)).join(",");
    shape ??= s;
    if (s !== shape)
      p.error(
        `${cp}.BUTTONS`,
        "carousel.same_shape",
        "Every card has the same buttons, of the same kinds in the same order.",
      );
  });
}
