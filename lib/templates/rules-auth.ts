import { checkButton } from "./rules-buttons";
import { type Collector, isObj, LIMITS, type Obj, objs, str, upper } from "./rules-core";

// Authentication templates (Meta's preset body, the expiry footer, one OTP button) and the marketing
// limited-time offer: the two component sets whose rules are about what else the template may have.

export function checkLimitedTimeOffer(
  p: Collector,
  lto: Obj,
  category: string,
  header: Obj | undefined,
  footer: Obj | undefined,
  buttons: Obj[],
) {
  const path = "components.LIMITED_TIME_OFFER";
  if (category !== "MARKETING")
    p.error(path, "lto.category", "A limited-time offer is for marketing templates.");
  const o = isObj(lto.limited_time_offer) ? lto.limited_time_offer : {};
  const text = str(o.text);
  if (text.trim() === "")
    p.error(`${path}.limited_time_offer.text`, "lto.text", "Write the offer's headline.");
  else if (text.length > LIMITS.ltoText)
    p.error(
      `${path}.limited_time_offer.text`,
      "lto.text",
      `The offer's headline is at most ${LIMITS.ltoText} characters (${text.length} now).`,
    );
  if (o.has_expiration !== undefined && typeof o.has_expiration !== "boolean")
    p.error(
      `${path}.limited_time_offer.has_expiration`,
      "lto.expiration",
      "has_expiration is true or false.",
    );
  if (footer) p.error("components.FOOTER", "lto.footer", "A limited-time offer has no footer.");
  if (header && !["IMAGE", "VIDEO"].includes(upper(header.format)))
    p.error(
      "components.HEADER.format",
      "lto.header",
      "A limited-time offer's header is an image or a video, or none.",
    );
  if (!buttons.some((b) => upper(b.type) === "URL"))
    p.error("components.BUTTONS", "lto.url_button", "A limited-time offer has a URL button.");
  if (o.has_expiration === true && upper(buttons[0]?.type) !== "COPY_CODE")
    p.error("components.BUTTONS", "lto.copy_code", "An offer that expires has a copy-code button first.");
}

export function checkAuthentication(
  p: Collector,
  c: { header?: Obj; body?: Obj; footer?: Obj; buttons?: Obj; carousel?: Obj; lto?: Obj },
) {
  if (c.header) p.error("components.HEADER", "auth.header", "Authentication templates have no header.");
  if (c.carousel)
    p.error("components.CAROUSEL", "carousel.category", "Carousels are for marketing and utility templates.");
  if (c.lto)
    p.error(
      "components.LIMITED_TIME_OFFER",
      "lto.category",
      "A limited-time offer is for marketing templates.",
    );
  if (!c.body)
    p.error("components.BODY", "auth.body", "Authentication templates have a body (Meta writes its text).");
  else {
    if (c.body.text !== undefined)
      p.error(
        "components.BODY.text",
        "auth.body",
        "Authentication templates use Meta's preset text: leave the body text out.",
      );
    if (
      c.body.add_security_recommendation !== undefined &&
      typeof c.body.add_security_recommendation !== "boolean"
    )
      p.error(
        "components.BODY.add_security_recommendation",
        "auth.security",
        "add_security_recommendation is true or false.",
      );
  }
  if (c.footer) {
    if (c.footer.text !== undefined)
      p.error(
        "components.FOOTER.text",
        "auth.footer",
        "An authentication footer only says when the code expires.",
      );
    const m = c.footer.code_expiration_minutes;
    if (
      m !== undefined &&
      (typeof m !== "number" || !Number.isInteger(m) || m < LIMITS.expiryMin || m > LIMITS.expiryMax)
    )
      p.error(
        "components.FOOTER.code_expiration_minutes",
        "auth.expiry",
        `The code expires after ${LIMITS.expiryMin} to ${LIMITS.expiryMax} minutes (whole minutes).`,
      );
  }
  const buttons = objs(c.buttons?.buttons);
  if (buttons.length !== 1 || upper(buttons[0]?.type) !== "OTP")
    p.error(
      "components.BUTTONS.buttons",
      "auth.buttons",
      "Authentication templates have exactly one OTP button.",
    );
  for (const [i, b] of buttons.entries())
    checkButton(p, `components.BUTTONS.buttons[${i}]`, b, "AUTHENTICATION", false);
}
