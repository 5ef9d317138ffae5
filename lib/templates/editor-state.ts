import type { Problem } from "./rules";
import { distinctKeys } from "./variables";

// The template editor's form state and its two-way mapping to Meta's creation payload. Pure: the
// editor turns every keystroke into a payload, checks it with the rule module and draws the preview;
// the benchmark times exactly this.

export type HeaderFormat = "NONE" | "TEXT" | "IMAGE" | "VIDEO" | "DOCUMENT" | "LOCATION";
export type ButtonType = "QUICK_REPLY" | "URL" | "PHONE_NUMBER" | "COPY_CODE" | "FLOW" | "OTP";

export interface EditorButton {
  /** A stable React key (never sent). */
  key: string;
  type: ButtonType;
  text: string;
  url: string;
  /** The full URL with the variable filled in (Meta's example). */
  urlExample: string;
  phone: string;
  code: string;
  flowId: string;
  otpType: "COPY_CODE" | "ONE_TAP" | "ZERO_TAP";
  packageName: string;
  signatureHash: string;
}

export interface EditorState {
  name: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  parameterFormat: "POSITIONAL" | "NAMED";
  headerFormat: HeaderFormat;
  headerText: string;
  /** Resumable-upload handle of the media sample, and what to show for it. */
  headerHandle: string;
  headerFileName: string;
  body: string;
  footer: string;
  /** Examples keyed `header:<key>` and `body:<key>`. */
  examples: Record<string, string>;
  buttons: EditorButton[];
  securityRecommendation: boolean;
  /** Minutes, as typed ("" = no expiry footer). */
  codeExpiry: string;
  offer: { enabled: boolean; text: string; expires: boolean };
  /** A carousel replaces the header, footer and buttons: each card has its own. */
  carousel: { enabled: boolean; cards: EditorCard[] };
}

/** One carousel card: an image or video header with its sample, a short body, 1-2 buttons. */
export interface EditorCard {
  /** A stable React key (never sent). */
  key: string;
  headerFormat: "IMAGE" | "VIDEO";
  headerHandle: string;
  headerFileName: string;
  body: string;
  /** The body's examples, keyed by variable. */
  examples: Record<string, string>;
  buttons: EditorButton[];
}

let buttonSeq = 0;
export const emptyButton = (type: ButtonType): EditorButton => ({
  key: `b${++buttonSeq}`,
  type,
  text: "",
  url: "",
  urlExample: "",
  phone: "",
  code: "",
  flowId: "",
  otpType: "COPY_CODE",
  packageName: "",
  signatureHash: "",
});

let cardSeq = 0;
/**
 * A new card shaped like `like` (Meta wants every card alike: the same header kind and the same button
 * kinds in the same order), with nothing filled in.
 */
export const emptyCard = (like?: EditorCard): EditorCard => ({
  key: `c${++cardSeq}`,
  headerFormat: like?.headerFormat ?? "IMAGE",
  headerHandle: "",
  headerFileName: "",
  body: "",
  examples: {},
  buttons: like ? like.buttons.map((b) => emptyButton(b.type)) : [emptyButton("QUICK_REPLY")],
});

/** True when a card holds nothing the admin typed or uploaded (removing it needs no confirmation). */
export const isEmptyCard = (c: EditorCard): boolean =>
  c.body.trim() === "" &&
  c.headerHandle === "" &&
  Object.values(c.examples).every((v) => v.trim() === "") &&
  c.buttons.every((b) => [b.text, b.url, b.urlExample, b.phone, b.code].every((v) => v.trim() === ""));

/** The list with item `from` moved to `to` (clamped); the same list when nothing moves. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const dest = Math.max(0, Math.min(list.length - 1, to));
  if (from === dest || from < 0 || from >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(dest, 0, item as T);
  return out;
}

export const emptyState = (): EditorState => ({
  name: "",
  language: "en_US",
  category: "MARKETING",
  parameterFormat: "POSITIONAL",
  headerFormat: "NONE",
  headerText: "",
  headerHandle: "",
  headerFileName: "",
  body: "",
  footer: "",
  examples: {},
  buttons: [],
  securityRecommendation: true,
  codeExpiry: "10",
  offer: { enabled: false, text: "", expires: false },
  carousel: { enabled: false, cards: [] },
});

type Obj = Record<string, unknown>;

function examplesFor(
  keys: string[],
  value: (key: string) => string | undefined,
  named: boolean,
  kind: "header" | "body",
): Obj | undefined {
  if (keys.length === 0) return undefined;
  const values = keys.map((k) => value(k) ?? "");
  if (named)
    return {
      [kind === "header" ? "header_text_named_params" : "body_text_named_params"]: keys.map((k, i) => ({
        param_name: k,
        example: values[i],
      })),
    };
  return kind === "header" ? { header_text: values } : { body_text: [values] };
}

function buttonPayload(b: EditorButton): Obj {
  switch (b.type) {
    case "URL":
      return {
        type: "URL",
        text: b.text,
        url: b.url,
        ...(/\{\{[^{}]*\}\}/.test(b.url) ? { example: [b.urlExample] } : {}),
      };
    case "PHONE_NUMBER":
      return { type: "PHONE_NUMBER", text: b.text, phone_number: b.phone };
    case "COPY_CODE":
      return { type: "COPY_CODE", example: b.code };
    case "FLOW":
      return { type: "FLOW", text: b.text, flow_id: b.flowId, flow_action: "navigate" };
    case "OTP":
      return {
        type: "OTP",
        otp_type: b.otpType,
        ...(b.text ? { text: b.text } : {}),
        ...(b.otpType !== "COPY_CODE"
          ? { supported_apps: [{ package_name: b.packageName, signature_hash: b.signatureHash }] }
          : {}),
      };
    default:
      return { type: "QUICK_REPLY", text: b.text };
  }
}

function cardPayload(c: EditorCard, named: boolean): Obj {
  const ex = examplesFor(distinctKeys(c.body), (k) => c.examples[k], named, "body");
  return {
    components: [
      {
        type: "HEADER",
        format: c.headerFormat,
        ...(c.headerHandle ? { example: { header_handle: [c.headerHandle] } } : {}),
      },
      { type: "BODY", text: c.body, ...(ex ? { example: ex } : {}) },
      { type: "BUTTONS", buttons: c.buttons.map(buttonPayload) },
    ],
  };
}

/** Meta's creation payload for the form as it stands. */
export function toPayload(s: EditorState) {
  const named = s.parameterFormat === "NAMED";
  if (s.category === "AUTHENTICATION") {
    const components: Obj[] = [{ type: "BODY", add_security_recommendation: s.securityRecommendation }];
    if (s.codeExpiry.trim() !== "")
      components.push({ type: "FOOTER", code_expiration_minutes: Number(s.codeExpiry) });
    const otp = s.buttons.find((b) => b.type === "OTP") ?? emptyButton("OTP");
    components.push({ type: "BUTTONS", buttons: [buttonPayload(otp)] });
    return { name: s.name, language: s.language, category: s.category, components };
  }
  const template = (components: Obj[]) => ({
    name: s.name,
    language: s.language,
    category: s.category,
    parameter_format: s.parameterFormat,
    components,
  });
  const bodyEx = examplesFor(distinctKeys(s.body), (k) => s.examples[`body:${k}`], named, "body");
  const body = { type: "BODY", text: s.body, ...(bodyEx ? { example: bodyEx } : {}) };
  // A carousel replaces the header, footer and buttons (what the form still holds of them is not sent).
  if (s.carousel.enabled)
    return template([body, { type: "CAROUSEL", cards: s.carousel.cards.map((c) => cardPayload(c, named)) }]);
  const components: Obj[] = [];
  if (s.headerFormat === "TEXT") {
    const ex = examplesFor(distinctKeys(s.headerText), (k) => s.examples[`header:${k}`], named, "header");
    components.push({ type: "HEADER", format: "TEXT", text: s.headerText, ...(ex ? { example: ex } : {}) });
  } else if (s.headerFormat === "LOCATION") components.push({ type: "HEADER", format: "LOCATION" });
  else if (s.headerFormat !== "NONE")
    components.push({
      type: "HEADER",
      format: s.headerFormat,
      ...(s.headerHandle ? { example: { header_handle: [s.headerHandle] } } : {}),
    });
  components.push(body);
  if (s.offer.enabled && s.category === "MARKETING")
    components.push({
      type: "LIMITED_TIME_OFFER",
      limited_time_offer: { text: s.offer.text, has_expiration: s.offer.expires },
    });
  if (s.footer !== "") components.push({ type: "FOOTER", text: s.footer });
  if (s.buttons.length > 0) components.push({ type: "BUTTONS", buttons: s.buttons.map(buttonPayload) });
  return template(components);
}

const str = (v: unknown) => (typeof v === "string" ? v : "");
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The form for a stored template (edit or duplicate). */
export function fromTemplate(t: {
  name: string;
  language: string;
  category: string;
  parameterFormat: string | null;
  components: Obj[];
}): EditorState {
  const s = emptyState();
  s.name = t.name;
  s.language = t.language;
  s.category = (
    ["MARKETING", "UTILITY", "AUTHENTICATION"].includes(t.category) ? t.category : "MARKETING"
  ) as EditorState["category"];
  s.parameterFormat = t.parameterFormat === "NAMED" ? "NAMED" : "POSITIONAL";
  const part = (type: string) => t.components.find((c) => str(c.type).toUpperCase() === type);
  const header = part("HEADER");
  if (header) {
    s.headerFormat = (str(header.format).toUpperCase() || "TEXT") as HeaderFormat;
    s.headerText = str(header.text);
    const ex = isObj(header.example) ? header.example : {};
    if (Array.isArray(ex.header_handle)) s.headerHandle = str(ex.header_handle[0]);
    const key = distinctKeys(s.headerText)[0];
    if (key) {
      const named = Array.isArray(ex.header_text_named_params)
        ? ex.header_text_named_params.filter(isObj)
        : [];
      s.examples[`header:${key}`] =
        (Array.isArray(ex.header_text) ? str(ex.header_text[0]) : "") || str(named[0]?.example);
    }
  }
  const body = part("BODY");
  s.body = str(body?.text);
  if (body) {
    s.securityRecommendation = body.add_security_recommendation !== false;
    for (const [k, v] of bodyExamples(body)) s.examples[`body:${k}`] = v;
  }
  const footer = part("FOOTER");
  s.footer = str(footer?.text);
  if (typeof footer?.code_expiration_minutes === "number")
    s.codeExpiry = String(footer.code_expiration_minutes);
  const lto = part("LIMITED_TIME_OFFER");
  if (lto && isObj(lto.limited_time_offer))
    s.offer = {
      enabled: true,
      text: str(lto.limited_time_offer.text),
      expires: lto.limited_time_offer.has_expiration === true,
    };
  s.buttons = buttonsFrom(part("BUTTONS"));
  const carousel = part("CAROUSEL");
  if (carousel)
    s.carousel = {
      enabled: true,
      cards: (Array.isArray(carousel.cards) ? carousel.cards.filter(isObj) : []).map(cardFrom),
    };
  return s;
}

function bodyExamples(body: Obj): Map<string, string> {
  const ex = isObj(body.example) ? body.example : {};
  const positional = Array.isArray(ex.body_text) && Array.isArray(ex.body_text[0]) ? ex.body_text[0] : [];
  const named = new Map(
    (Array.isArray(ex.body_text_named_params) ? ex.body_text_named_params : [])
      .filter(isObj)
      .map((g) => [str(g.param_name), str(g.example)]),
  );
  return new Map(distinctKeys(str(body.text)).map((k, i) => [k, named.get(k) ?? str(positional[i])]));
}

function buttonsFrom(comp: Obj | undefined): EditorButton[] {
  return (Array.isArray(comp?.buttons) ? comp.buttons.filter(isObj) : []).map((b) => {
    const e = emptyButton((str(b.type).toUpperCase() || "QUICK_REPLY") as ButtonType);
    e.text = str(b.text);
    e.url = str(b.url);
    e.urlExample = Array.isArray(b.example) ? str(b.example[0]) : "";
    e.phone = str(b.phone_number);
    e.code = Array.isArray(b.example) ? str(b.example[0]) : str(b.example);
    e.flowId = str(b.flow_id);
    if (b.otp_type) e.otpType = str(b.otp_type).toUpperCase() as EditorButton["otpType"];
    return e;
  });
}

function cardFrom(card: Obj): EditorCard {
  const parts = Array.isArray(card.components) ? card.components.filter(isObj) : [];
  const part = (type: string) => parts.find((c) => str(c.type).toUpperCase() === type);
  const c = emptyCard();
  const header = part("HEADER");
  c.headerFormat = str(header?.format).toUpperCase() === "VIDEO" ? "VIDEO" : "IMAGE";
  const hex = isObj(header?.example) ? header.example : {};
  if (Array.isArray(hex.header_handle)) c.headerHandle = str(hex.header_handle[0]);
  const body = part("BODY");
  c.body = str(body?.text);
  if (body) c.examples = Object.fromEntries(bodyExamples(body));
  c.buttons = buttonsFrom(part("BUTTONS"));
  return c;
}

/** A carousel card's field: `card-<i>-header|sample|body|buttons|button-<j>|example:<key>`. */
function cardFieldOf(i: number, rest: string, s: EditorState): string {
  const at = `card-${i}`;
  let m = /^\.BODY\.example\.body_text\[(\d+)\]/.exec(rest);
  if (m) return `${at}-example:${distinctKeys(s.carousel.cards[i]?.body ?? "")[Number(m[1])] ?? ""}`;
  m = /^\.BODY\.example\.body_text_named_params\.(\w+)/.exec(rest);
  if (m) return `${at}-example:${m[1]}`;
  if (rest.startsWith(".HEADER.example.header_handle")) return `${at}-sample`;
  m = /^\.BUTTONS\.buttons\[(\d+)\]/.exec(rest);
  if (m) return `${at}-button-${m[1]}`;
  if (rest.startsWith(".BUTTONS")) return `${at}-buttons`;
  if (rest.startsWith(".HEADER")) return `${at}-header`;
  if (rest.startsWith(".BODY")) return `${at}-body`;
  return at;
}

/**
 * The form field a problem belongs to: `name`, `header`, `header-sample`, `body`, `footer`, `buttons`,
 * `button-<i>`, `example:<header|body>:<key>`, `expiry`, `offer`, `carousel`, and a card's fields
 * (`card-<i>-…`, see cardFieldOf).
 */
export function fieldOf(path: string, s: EditorState): string {
  if (!path.startsWith("components")) return path;
  const card = /^components\.CAROUSEL\.cards\[(\d+)\](.*)$/.exec(path);
  if (card) return cardFieldOf(Number(card[1]), card[2] ?? "", s);
  if (path.startsWith("components.CAROUSEL")) return "carousel";
  let m = /^components\.(HEADER|BODY)\.example\.(?:header_text|body_text)\[(\d+)\]/.exec(path);
  if (m) {
    const kind = m[1] === "HEADER" ? "header" : "body";
    const key = distinctKeys(kind === "header" ? s.headerText : s.body)[Number(m[2])];
    return `example:${kind}:${key ?? ""}`;
  }
  m = /^components\.(HEADER|BODY)\.example\.(?:header|body)_text_named_params\.(\w+)/.exec(path);
  if (m) return `example:${m[1] === "HEADER" ? "header" : "body"}:${m[2]}`;
  if (path.startsWith("components.HEADER.example.header_handle")) return "header-sample";
  if (path.startsWith("components.FOOTER.code_expiration_minutes")) return "expiry";
  m = /^components\.BUTTONS\.buttons\[(\d+)\]/.exec(path);
  if (m) return `button-${m[1]}`;
  if (path.startsWith("components.BUTTONS")) return "buttons";
  if (path.startsWith("components.LIMITED_TIME_OFFER")) return "offer";
  if (path.startsWith("components.HEADER")) return "header";
  if (path.startsWith("components.BODY")) return "body";
  if (path.startsWith("components.FOOTER")) return "footer";
  return "template";
}

/** Problems grouped by form field (in order), for messages shown on each field. */
export function problemsByField(problems: Problem[], s: EditorState): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  for (const p of problems) {
    const f = fieldOf(p.path, s);
    out.set(f, [...(out.get(f) ?? []), p]);
  }
  return out;
}
