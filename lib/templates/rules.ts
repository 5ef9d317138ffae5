import { distinctKeys, isNamedKey, isPositionalKey, type ParameterFormat, variablesIn } from "./variables";

// Meta's template creation rules (research/kapso-spec.md §4.1, meta-cloud-api.md §7), as one pure
// function over the creation payload Meta takes (`POST /{waba}/message_templates`). The editor checks
// every keystroke with it, the sandbox's Graph create/edit refuses with it, so the editor, the simulator
// and the API agree. Each problem names the field path in the payload and the rule it breaks.

export type Severity = "error" | "warning";

export interface Problem {
  /** Where in the payload: `name`, `components.BODY.text`, `components.BUTTONS.buttons[2].url`, … */
  path: string;
  /** A stable rule id (`body.length`, `buttons.url_count`, …). */
  rule: string;
  message: string;
  /** Errors make Meta refuse the template; warnings are what its review usually rejects. */
  severity: Severity;
}

export const CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type Category = (typeof CATEGORIES)[number];
export const HEADER_FORMATS = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"] as const;
export const BUTTON_TYPES = ["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP", "FLOW"] as const;
export const OTP_TYPES = ["COPY_CODE", "ONE_TAP", "ZERO_TAP"] as const;
const COMPONENT_TYPES = ["HEADER", "BODY", "FOOTER", "BUTTONS", "CAROUSEL", "LIMITED_TIME_OFFER"];

export const LIMITS = {
  name: 512,
  headerText: 60,
  body: 1024,
  footer: 60,
  buttonText: 25,
  url: 2000,
  phone: 20,
  copyCode: 15,
  buttons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCodeButtons: 1,
  cardsMin: 2,
  cardsMax: 10,
  cardBody: 160,
  cardButtons: 2,
  ltoText: 16,
  expiryMin: 1,
  expiryMax: 90,
  packageName: 224,
  signatureHash: 11,
  supportedApps: 5,
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : "");
const str = (v: unknown) => (typeof v === "string" ? v : "");
const n = (x: number) => x.toLocaleString("en-US");

class Collector {
  readonly list: Problem[] = [];
  error(path: string, rule: string, message: string) {
    this.list.push({ path, rule, message, severity: "error" });
  }
  warn(path: string, rule: string, message: string) {
    this.list.push({ path, rule, message, severity: "warning" });
  }
}

function maxLength(p: Collector, path: string, rule: string, value: string, max: number, what: string) {
  if (value.length > max)
    p.error(path, rule, `${what} is at most ${n(max)} characters (${n(value.length)} now).`);
}

/**
 * The variables of one text: names valid for the template's parameter format, never both styles, and
 * positional ones numbered {{1}}…{{n}} without gaps. Returns the distinct keys.
 */
function checkVariables(p: Collector, path: string, text: string, format: ParameterFormat): string[] {
  const vars = variablesIn(text);
  let bad = false;
  for (const v of vars) {
    if (v.key === "") {
      p.error(path, "variables.name", `${v.raw} has no name: write {{1}} or {{a_name}}.`);
      bad = true;
    } else if (format === "POSITIONAL" && !isPositionalKey(v.key)) {
      if (isNamedKey(v.key))
        p.error(
          path,
          "variables.mixed",
          `${v.raw} is a named variable, but the parameter format is POSITIONAL: use {{1}}, {{2}}… or switch the format to NAMED (never both).`,
        );
      else
        p.error(path, "variables.name", `${v.raw} is not a variable: positional variables are {{1}}, {{2}}…`);
      bad = true;
    } else if (format === "NAMED" && !isNamedKey(v.key)) {
      if (/^\d+$/.test(v.key))
        p.error(
          path,
          "variables.mixed",
          `${v.raw} is a positional variable, but the parameter format is NAMED: use a name such as {{order_id}} (never both).`,
        );
      else
        p.error(
          path,
          "variables.name",
          `${v.raw}: named variables use lowercase letters, digits and underscores only.`,
        );
      bad = true;
    }
  }
  if (bad) return [];
  const keys = distinctKeys(text);
  if (format === "POSITIONAL")
    keys.forEach((k, i) => {
      if (Number(k) !== i + 1)
        p.error(
          path,
          "variables.sequence",
          `Variables are numbered {{1}} to {{${keys.length}}} without gaps: {{${i + 1}}} is missing.`,
        );
    });
  return keys;
}

/** Examples for every variable of a header or body text, in the payload's shape for the format. */
function checkExamples(
  p: Collector,
  path: string,
  comp: Obj,
  keys: string[],
  kind: "header" | "body",
  format: ParameterFormat,
) {
  const example = isObj(comp.example) ? comp.example : {};
  const ex = `${path}.example`;
  if (format === "POSITIONAL") {
    const field = kind === "header" ? "header_text" : "body_text";
    const raw = example[field];
    const values: unknown[] =
      kind === "header"
        ? Array.isArray(raw)
          ? raw
          : []
        : Array.isArray(raw) && Array.isArray(raw[0])
          ? raw[0]
          : [];
    if (keys.length === 0) {
      if (raw !== undefined && values.length > 0)
        p.error(`${ex}.${field}`, "example.unknown", "Examples are given but the text has no variables.");
      return;
    }
    keys.forEach((k, i) => {
      const v = values[i];
      if (typeof v !== "string" || v.trim() === "")
        p.error(
          `${ex}.${field}[${i}]`,
          "example.missing",
          `Give an example for {{${k}}}: Meta reviews the template with it.`,
        );
    });
    if (values.length > keys.length)
      p.error(
        `${ex}.${field}`,
        "example.count",
        `${values.length} examples for ${keys.length} variable${keys.length === 1 ? "" : "s"}.`,
      );
    return;
  }
  const field = kind === "header" ? "header_text_named_params" : "body_text_named_params";
  const given = objs(example[field]);
  const byName = new Map(given.map((g) => [str(g.param_name), str(g.example)]));
  keys.forEach((k) => {
    const v = byName.get(k);
    if (v === undefined || v.trim() === "")
      p.error(
        `${ex}.${field}.${k}`,
        "example.missing",
        `Give an example for {{${k}}}: Meta reviews the template with it.`,
      );
  });
  for (const g of given)
    if (!keys.includes(str(g.param_name)))
      p.error(
        `${ex}.${field}.${str(g.param_name) || "?"}`,
        "example.unknown",
        `There is no {{${str(g.param_name)}}} in the text.`,
      );
}

function checkHeader(
  p: Collector,
  path: string,
  h: Obj,
  category: string,
  format: ParameterFormat,
  inCard = false,
) {
  const fmt = upper(h.format);
  const allowed = inCard ? ["IMAGE", "VIDEO"] : HEADER_FORMATS;
  if (!(allowed as readonly string[]).includes(fmt)) {
    p.error(
      `${path}.format`,
      "header.format",
      inCard
        ? "A card's header is an image or a video."
        : "The header is none, text, image, video, document or location.",
    );
    return;
  }
  if (fmt === "TEXT") {
    const text = str(h.text);
    if (text.trim() === "")
      p.error(`${path}.text`, "header.text.required", "Write the header text, or choose no header.");
    maxLength(p, `${path}.text`, "header.text.length", text, LIMITS.headerText, "Header text");
    if (/[\n\r]/.test(text)) p.error(`${path}.text`, "header.text.newline", "Header text is a single line.");
    if (/[*_~`]/.test(text))
      p.error(`${path}.text`, "header.text.format", "Header text takes no formatting (* _ ~ `).");
    const keys = checkVariables(p, `${path}.text`, text, format);
    if (keys.length > 1)
      p.error(
        `${path}.text`,
        "header.text.variables",
        `Header text takes at most one variable (${keys.length} now).`,
      );
    else checkExamples(p, path, h, keys, "header", format);
    return;
  }
  if (fmt === "LOCATION") {
    if (category === "AUTHENTICATION")
      p.error(
        `${path}.format`,
        "header.location.category",
        "A location header is for marketing and utility templates.",
      );
    return;
  }
  const example = isObj(h.example) ? h.example : {};
  const handle = Array.isArray(example.header_handle) ? example.header_handle[0] : undefined;
  if (typeof handle !== "string" || handle.trim() === "")
    p.error(
      `${path}.example.header_handle`,
      "header.media.sample",
      `Upload a sample ${fmt.toLowerCase()}: Meta reviews the template with it (resumable upload handle).`,
    );
}

function checkBody(p: Collector, path: string, b: Obj, format: ParameterFormat, max: number, what: string) {
  const text = str(b.text);
  if (text.trim() === "") {
    p.error(`${path}.text`, "body.required", `${what} text is required.`);
    return;
  }
  if (text.length > max)
    p.error(
      `${path}.text`,
      "body.length",
      `${what} text is at most ${n(max)} characters (${n(text.length)} now).`,
    );
  const keys = checkVariables(p, `${path}.text`, text, format);
  checkExamples(p, path, b, keys, "body", format);
  const t = text.trim();
  if (/^\{\{[^{}]*\}\}/.test(t) || /\{\{[^{}]*\}\}[.!?]?$/.test(t))
    p.warn(
      `${path}.text`,
      "body.edge_variable",
      `${what} text should not start or end with a variable: Meta rejects that in review.`,
    );
  if (/\{\{[^{}]*\}\}\s*\{\{[^{}]*\}\}/.test(t))
    p.warn(
      `${path}.text`,
      "body.adjacent_variables",
      "Two variables side by side: put words between them (Meta rejects that in review).",
    );
}

const URL_VARIABLE = /\{\{[^{}]*\}\}/g;

function checkButton(p: Collector, path: string, b: Obj, category: string, inCard: boolean) {
  const type = upper(b.type);
  if (!(BUTTON_TYPES as readonly string[]).includes(type)) {
    p.error(
      `${path}.type`,
      "button.type",
      "A button is a quick reply, URL, phone number, copy code, OTP or flow.",
    );
    return;
  }
  if (inCard && !["QUICK_REPLY", "URL", "PHONE_NUMBER"].includes(type))
    p.error(`${path}.type`, "button.type", "A card's buttons are quick replies, URLs or a phone number.");
  const text = str(b.text);
  if (type !== "COPY_CODE" && type !== "OTP") {
    if (text.trim() === "") p.error(`${path}.text`, "button.text", "Give the button a label.");
    else if (text.length > LIMITS.buttonText)
      p.error(
        `${path}.text`,
        "button.text",
        `A button label is at most ${LIMITS.buttonText} characters (${text.length} now).`,
      );
    if (/\{\{/.test(text)) p.error(`${path}.text`, "button.text", "A button label takes no variables.");
  } else if (text.length > LIMITS.buttonText)
    p.error(
      `${path}.text`,
      "button.text",
      `A button label is at most ${LIMITS.buttonText} characters (${text.length} now).`,
    );
  if (type === "URL") {
    const url = str(b.url);
    if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url.replace(URL_VARIABLE, "x")))
      p.error(`${path}.url`, "button.url", "The URL starts with http:// or https:// and has no spaces.");
    if (url.length > LIMITS.url)
      p.error(`${path}.url`, "button.url", `A URL is at most ${n(LIMITS.url)} characters.`);
    const vars = [...url.matchAll(URL_VARIABLE)];
    if (vars.length > 1)
      p.error(`${path}.url`, "button.url_variable", "A URL takes at most one variable, at its end.");
    else if (vars.length === 1) {
      const v = vars[0]!;
      if (v[0].replace(/\s/g, "") !== "{{1}}")
        p.error(`${path}.url`, "button.url_variable", `A URL's variable is written {{1}} (${v[0]} now).`);
      else if ((v.index ?? 0) + v[0].length !== url.length)
        p.error(
          `${path}.url`,
          "button.url_variable",
          "A URL's variable goes at its very end (https://example.com/track/{{1}}).",
        );
      const ex = Array.isArray(b.example) ? b.example[0] : undefined;
      if (typeof ex !== "string" || ex.trim() === "")
        p.error(
          `${path}.example`,
          "example.missing",
          "Give an example of the full URL with the variable filled in.",
        );
    }
  } else if (type === "PHONE_NUMBER") {
    const phone = str(b.phone_number);
    if (!/^\+?[0-9]{4,19}$/.test(phone.replace(/[\s-]/g, "")) || phone.length > LIMITS.phone)
      p.error(
        `${path}.phone_number`,
        "button.phone",
        `A phone number with its country code, at most ${LIMITS.phone} characters (e.g. +15551234567).`,
      );
  } else if (type === "COPY_CODE") {
    if (category === "AUTHENTICATION")
      p.error(`${path}.type`, "button.copy_code_category", "Authentication templates use the OTP button.");
    const ex = Array.isArray(b.example) ? b.example[0] : b.example;
    if (typeof ex !== "string" || ex.trim() === "")
      p.error(`${path}.example`, "button.copy_code_example", "Give an example code.");
    else if (ex.length > LIMITS.copyCode)
      p.error(
        `${path}.example`,
        "button.copy_code_example",
        `A copy-code example is at most ${LIMITS.copyCode} characters (${ex.length} now).`,
      );
  } else if (type === "FLOW") {
    if (!str(b.flow_id) && !str(b.flow_name) && !str(b.flow_json))
      p.error(
        `${path}.flow_id`,
        "button.flow",
        "Choose the flow the button opens (flow_id, flow_name or flow_json).",
      );
    if (b.flow_action !== undefined && !["navigate", "data_exchange"].includes(str(b.flow_action)))
      p.error(`${path}.flow_action`, "button.flow", "flow_action is navigate or data_exchange.");
  } else if (type === "OTP") {
    if (category !== "AUTHENTICATION")
      p.error(`${path}.type`, "button.otp_category", "The OTP button is for authentication templates.");
    const otp = upper(b.otp_type);
    if (!(OTP_TYPES as readonly string[]).includes(otp))
      p.error(`${path}.otp_type`, "button.otp_type", "otp_type is COPY_CODE, ONE_TAP or ZERO_TAP.");
    else if (otp !== "COPY_CODE") checkApps(p, path, b);
  }
}

function checkApps(p: Collector, path: string, b: Obj) {
  const apps = Array.isArray(b.supported_apps)
    ? objs(b.supported_apps)
    : b.package_name !== undefined
      ? [{ package_name: b.package_name, signature_hash: b.signature_hash }]
      : [];
  if (apps.length === 0)
    p.error(
      `${path}.supported_apps`,
      "button.otp_app",
      "One-tap and zero-tap codes name the Android app (package name and signature hash).",
    );
  if (apps.length > LIMITS.supportedApps)
    p.error(`${path}.supported_apps`, "button.otp_app", `At most ${LIMITS.supportedApps} apps.`);
  apps.forEach((a, i) => {
    const pkg = str(a.package_name);
    if (!/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$/.test(pkg) || pkg.length > LIMITS.packageName)
      p.error(
        `${path}.supported_apps[${i}].package_name`,
        "button.otp_app",
        `An Android package name such as com.example.app, at most ${LIMITS.packageName} characters.`,
      );
    if (str(a.signature_hash).length !== LIMITS.signatureHash)
      p.error(
        `${path}.supported_apps[${i}].signature_hash`,
        "button.otp_app",
        `The app's signature hash is exactly ${LIMITS.signatureHash} characters.`,
      );
  });
}

/** Kinds and counts across a button list: ≤10, ≤2 URL, ≤1 phone, ≤1 copy code, quick replies together. */
function checkButtons(p: Collector, path: string, buttons: Obj[], category: string, inCard = false) {
  const max = inCard ? LIMITS.cardButtons : LIMITS.buttons;
  if (buttons.length === 0) p.error(path, "buttons.count", "Add a button, or remove the buttons section.");
  if (buttons.length > max) p.error(path, "buttons.count", `At most ${max} buttons (${buttons.length} now).`);
  const count = (t: string) => buttons.filter((b) => upper(b.type) === t).length;
  if (count("URL") > LIMITS.urlButtons)
    p.error(path, "buttons.url_count", `At most ${LIMITS.urlButtons} URL buttons (${count("URL")} now).`);
  if (count("PHONE_NUMBER") > LIMITS.phoneButtons)
    p.error(path, "buttons.phone_count", "At most 1 phone-number button.");
  if (count("COPY_CODE") > LIMITS.copyCodeButtons)
    p.error(path, "buttons.copy_code_count", "At most 1 copy-code button.");
  if (count("OTP") > 0 && buttons.length > 1)
    p.error(path, "buttons.otp_only", "The OTP button is the template's only button.");
  const kinds = buttons.map((b) => upper(b.type) === "QUICK_REPLY");
  const runs = kinds.filter((q, i) => q && (i === 0 || !kinds[i - 1])).length;
  if (runs > 1)
    p.error(
      path,
      "buttons.quick_reply_group",
      "Quick replies go together: all before or all after the other buttons.",
    );
  for (const [i, b] of buttons.entries()) checkButton(p, `${path}[${i}]`, b, category, inCard);
}

function componentsByType(p: Collector, path: string, list: Obj[], allowed: string[]): Map<string, Obj> {
  const map = new Map<string, Obj>();
  for (const c of list) {
    const t = upper(c.type);
    if (!allowed.includes(t))
      p.error(
        `${path}.${t || "?"}`,
        "component.type",
        `A template has no ${String(c.type ?? "untyped")} component here.`,
      );
    else if (map.has(t)) p.error(`${path}.${t}`, "component.duplicate", `Only one ${t} component.`);
    else map.set(t, c);
  }
  return map;
}

function checkCarousel(p: Collector, path: string, c: Obj, category: string, format: ParameterFormat) {
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

export interface TemplatePayload {
  name?: unknown;
  language?: unknown;
  category?: unknown;
  parameter_format?: unknown;
  components?: unknown;
}

/** Every problem of a creation payload, in the order a reader meets the fields. Empty = Meta takes it. */
export function checkTemplate(input: unknown): Problem[] {
  const p = new Collector();
  const t: Obj = isObj(input) ? input : {};
  const name = str(t.name);
  if (name === "") p.error("name", "name.required", "Give the template a name.");
  else if (!/^[a-z0-9_]+$/.test(name))
    p.error(
      "name",
      "name.format",
      "A name is lowercase letters, digits and underscores only (order_update_2).",
    );
  if (name.length > LIMITS.name)
    p.error("name", "name.length", `A name is at most ${LIMITS.name} characters.`);
  const language = str(t.language);
  if (!/^[a-z]{2,3}(_[A-Z]{2,4})?$/.test(language))
    p.error("language", "language.format", "Choose a language (a code such as en or en_US).");
  const category = upper(t.category);
  if (!(CATEGORIES as readonly string[]).includes(category))
    p.error("category", "category.enum", "The category is MARKETING, UTILITY or AUTHENTICATION.");
  const pf = t.parameter_format === undefined ? "POSITIONAL" : upper(t.parameter_format);
  if (pf !== "POSITIONAL" && pf !== "NAMED")
    p.error("parameter_format", "parameter_format.enum", "The parameter format is POSITIONAL or NAMED.");
  const format: ParameterFormat = pf === "NAMED" ? "NAMED" : "POSITIONAL";

  if (!Array.isArray(t.components)) {
    p.error("components", "components.required", "A template has components (at least a body).");
    return p.list;
  }
  const parts = componentsByType(p, "components", objs(t.components), COMPONENT_TYPES);
  const header = parts.get("HEADER");
  const body = parts.get("BODY");
  const footer = parts.get("FOOTER");
  const buttons = parts.get("BUTTONS");
  const carousel = parts.get("CAROUSEL");
  const lto = parts.get("LIMITED_TIME_OFFER");

  if (category === "AUTHENTICATION") {
    checkAuthentication(p, { header, body, footer, buttons, carousel, lto });
    return p.list;
  }
  if (header) checkHeader(p, "components.HEADER", header, category, format);
  if (body) checkBody(p, "components.BODY", body, format, LIMITS.body, "Body");
  else p.error("components.BODY.text", "body.required", "Body text is required.");
  if (footer) {
    const text = str(footer.text);
    if (text.trim() === "")
      p.error("components.FOOTER.text", "footer.required", "Write the footer text, or remove the footer.");
    maxLength(p, "components.FOOTER.text", "footer.length", text, LIMITS.footer, "Footer text");
    if (/\{\{/.test(text))
      p.error("components.FOOTER.text", "footer.variables", "Footer text takes no variables.");
  }
  if (buttons) checkButtons(p, "components.BUTTONS.buttons", objs(buttons.buttons), category);
  if (carousel) {
    checkCarousel(p, "components.CAROUSEL", carousel, category, format);
    for (const [k, c] of [
      ["HEADER", header],
      ["FOOTER", footer],
      ["BUTTONS", buttons],
    ] as const)
      if (c)
        p.error(
          `components.${k}`,
          "carousel.top_level",
          `A carousel template has no ${k.toLowerCase()} of its own: each card has it.`,
        );
  }
  if (lto) checkLimitedTimeOffer(p, lto, category, header, footer, objs(buttons?.buttons));
  return p.list;
}

function checkLimitedTimeOffer(
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

function checkAuthentication(
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

/** Meta's edit rules: only approved, rejected or paused templates; an approved one keeps its category. */
export function checkEdit(
  current: { status: string; category: string },
  next: { category?: unknown },
): Problem[] {
  const p = new Collector();
  if (!["APPROVED", "REJECTED", "PAUSED"].includes(current.status))
    p.error(
      "status",
      "edit.status",
      `A ${current.status.toLowerCase()} template cannot be edited: only approved, rejected or paused ones.`,
    );
  if (
    current.status === "APPROVED" &&
    next.category !== undefined &&
    upper(next.category) !== current.category
  )
    p.error("category", "edit.category", "An approved template's category cannot change.");
  return p.list;
}

export const errorsOnly = (problems: Problem[]) => problems.filter((x) => x.severity === "error");
