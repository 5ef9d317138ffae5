import { distinctKeys, fillVariables } from "./variables";

// What a template creation payload looks like on a phone, with its examples filled in: the editor's
// live preview (a chat bubble) draws this. Pure and cheap: it runs on every keystroke.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : "");
const str = (v: unknown) => (typeof v === "string" ? v : "");

export interface PreviewButton {
  type: string;
  text: string;
  /** The URL (example filled in), the phone number or the code, when the button has one. */
  detail: string | null;
}

export interface PreviewCard {
  index: number;
  header: { kind: string };
  body: string;
  buttons: PreviewButton[];
}

export interface TemplatePreview {
  header: { kind: "TEXT"; text: string } | { kind: string; text?: undefined } | null;
  body: string;
  footer: string | null;
  buttons: PreviewButton[];
  cards: PreviewCard[];
  offer: { text: string; expires: boolean } | null;
}

/** The example a header or body component gives for each of its keys (either parameter format). */
export function examplesOf(comp: Obj, kind: "header" | "body"): Map<string, string> {
  const example = isObj(comp.example) ? comp.example : {};
  const out = new Map<string, string>();
  const named = objs(example[kind === "header" ? "header_text_named_params" : "body_text_named_params"]);
  for (const g of named) if (str(g.example)) out.set(str(g.param_name), str(g.example));
  const raw = example[kind === "header" ? "header_text" : "body_text"];
  const values: unknown[] =
    kind === "header"
      ? Array.isArray(raw)
        ? raw
        : []
      : Array.isArray(raw) && Array.isArray(raw[0])
        ? raw[0]
        : [];
  const keys = distinctKeys(str(comp.text));
  keys.forEach((k, i) => {
    const v = values[i];
    if (typeof v === "string" && v !== "" && !out.has(k)) out.set(k, v);
  });
  return out;
}

function filled(comp: Obj | undefined, kind: "header" | "body"): string {
  if (!comp) return "";
  const ex = examplesOf(comp, kind);
  return fillVariables(str(comp.text), (k) => ex.get(k));
}

function buttonsOf(comp: Obj | undefined): PreviewButton[] {
  return objs(comp?.buttons).map((b) => {
    const type = upper(b.type);
    const example = Array.isArray(b.example) ? str(b.example[0]) : str(b.example);
    const text =
      str(b.text) ||
      (type === "COPY_CODE"
        ? "Copy offer code"
        : type === "OTP"
          ? upper(b.otp_type) === "COPY_CODE"
            ? "Copy code"
            : "Autofill"
          : "");
    const detail =
      type === "URL"
        ? example || str(b.url)
        : type === "PHONE_NUMBER"
          ? str(b.phone_number)
          : type === "COPY_CODE"
            ? example
            : null;
    return { type, text, detail: detail || null };
  });
}

function byType(list: unknown): Map<string, Obj> {
  const m = new Map<string, Obj>();
  for (const c of objs(list)) if (!m.has(upper(c.type))) m.set(upper(c.type), c);
  return m;
}

const AUTH_BODY = "{{1}} is your verification code.";

/** The preview of a creation payload; tolerant of half-written input (it is drawn while typing). */
export function previewTemplate(input: unknown, authCode = "123456"): TemplatePreview {
  const t: Obj = isObj(input) ? input : {};
  const parts = byType(t.components);
  const header = parts.get("HEADER");
  const lto = parts.get("LIMITED_TIME_OFFER");
  const ltoObj = lto && isObj(lto.limited_time_offer) ? lto.limited_time_offer : null;
  let body = filled(parts.get("BODY"), "body");
  let footer = parts.get("FOOTER") ? str(parts.get("FOOTER")?.text) || null : null;
  if (upper(t.category) === "AUTHENTICATION") {
    const b = parts.get("BODY");
    body =
      AUTH_BODY.replace("{{1}}", authCode) +
      (b?.add_security_recommendation ? " For your security, do not share this code." : "");
    const minutes = parts.get("FOOTER")?.code_expiration_minutes;
    footer =
      typeof minutes === "number"
        ? `This code expires in ${minutes} minute${minutes === 1 ? "" : "s"}.`
        : null;
  }
  return {
    header: !header
      ? null
      : upper(header.format) === "TEXT"
        ? { kind: "TEXT", text: filled(header, "header") }
        : { kind: upper(header.format) || "TEXT" },
    body,
    footer,
    buttons: buttonsOf(parts.get("BUTTONS")),
    cards: objs(parts.get("CAROUSEL")?.cards).map((card, index) => {
      const cp = byType(card.components);
      return {
        index,
        header: { kind: upper(cp.get("HEADER")?.format) || "IMAGE" },
        body: filled(cp.get("BODY"), "body"),
        buttons: buttonsOf(cp.get("BUTTONS")),
      };
    }),
    offer: ltoObj ? { text: str(ltoObj.text), expires: ltoObj.has_expiration === true } : null,
  };
}
