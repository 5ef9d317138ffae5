import { templatePlaceholders } from "@/lib/messages/render";

// Checking broadcast recipients against their template (pure: the API, the dashboard and the CSV
// preview in the browser use the same rules).

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** At most this many recipients per request (Kapso's limit). */
export const MAX_RECIPIENTS_PER_REQUEST = 1000;

/** What the template asks each recipient for: how many body and header parameters. */
export interface TemplateNeeds {
  body: string[];
  header: string[];
}

export function templateNeeds(components: unknown): TemplateNeeds {
  const list = Array.isArray(components) ? components.map(obj) : [];
  const of = (type: string) => {
    const c = list.find((x) => String(x.type).toUpperCase() === type);
    return c && (type === "BODY" || String(c.format ?? "TEXT").toUpperCase() === "TEXT")
      ? templatePlaceholders(c.text)
      : [];
  };
  return { body: of("BODY"), header: of("HEADER") };
}

/** A phone number as digits only (E.164 without +), or null if it cannot be one. */
export function normalizePhone(raw: unknown): string | null {
  if (typeof raw !== "string" && typeof raw !== "number") return null;
  const s = String(raw).trim();
  if (!/^\+?[\d\s().-]{6,24}$/.test(s)) return null;
  const digits = s.replace(/\D/g, "");
  return digits.length >= 6 && digits.length <= 15 ? digits : null;
}

export interface RecipientInput {
  phone_number?: unknown;
  /** Meta's component syntax: [{ type: "body", parameters: [{ type: "text", text }] }, …]. */
  components?: unknown;
  /** Shorthand: the body's parameters in order, as text. */
  parameters?: unknown;
}

export interface CheckedRecipient {
  phone: string;
  components: Obj[];
}

export interface RecipientError {
  index: number;
  phone_number: string | null;
  error: string;
}

const textParams = (c: Obj | undefined) =>
  Array.isArray(c?.parameters) ? (c.parameters as unknown[]).map(obj) : [];

function checkOne(r: RecipientInput, needs: TemplateNeeds): CheckedRecipient | string {
  const phone = normalizePhone(r.phone_number);
  if (!phone) return "phone_number: a phone number in international format (6–15 digits)";
  let components: Obj[];
  if (r.parameters !== undefined) {
    if (
      !Array.isArray(r.parameters) ||
      r.parameters.some((p) => typeof p !== "string" && typeof p !== "number")
    )
      return "parameters: a list of texts";
    components = r.parameters.length
      ? [{ type: "body", parameters: r.parameters.map((p) => ({ type: "text", text: String(p) })) }]
      : [];
  } else if (r.components === undefined) components = [];
  else if (!Array.isArray(r.components) || r.components.length > 10)
    return "components: a list of Meta's template components";
  else components = r.components.map(obj);
  const body = components.find((c) => String(c.type).toLowerCase() === "body");
  const header = components.find((c) => String(c.type).toLowerCase() === "header");
  const bodyParams = textParams(body);
  if (bodyParams.length !== needs.body.length)
    return `The template's body takes ${needs.body.length} parameter${needs.body.length === 1 ? "" : "s"}; got ${bodyParams.length}`;
  if (needs.header.length && textParams(header).length !== needs.header.length)
    return `The template's header takes ${needs.header.length} parameter${needs.header.length === 1 ? "" : "s"}`;
  for (const p of [...bodyParams, ...textParams(header)]) {
    const t = p.type === undefined ? "text" : p.type;
    if (t === "text") {
      if (typeof p.text !== "string" || !p.text.trim()) return "Every text parameter needs a non-empty text";
      if (p.text.length > 1024) return "A parameter is longer than 1024 characters";
      if (/[\n\t]|\s{5,}/.test(p.text))
        return "Parameters cannot contain new lines, tabs or more than 4 spaces in a row";
    }
  }
  return { phone, components };
}

/**
 * Checks a batch: valid recipients (first occurrence of each number wins), duplicates within the
 * batch counted, and errors with the index and the reason.
 */
export function checkRecipients(
  input: RecipientInput[],
  needs: TemplateNeeds,
): { valid: CheckedRecipient[]; duplicates: number; errors: RecipientError[] } {
  const valid: CheckedRecipient[] = [];
  const errors: RecipientError[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  input.forEach((r, index) => {
    const out = checkOne(obj(r) as RecipientInput, needs);
    if (typeof out === "string") {
      const raw = obj(r).phone_number;
      errors.push({
        index,
        phone_number: raw === undefined || raw === null ? null : String(raw).slice(0, 40),
        error: out,
      });
      return;
    }
    if (seen.has(out.phone)) {
      duplicates++;
      return;
    }
    seen.add(out.phone);
    valid.push(out);
  });
  return { valid, duplicates, errors };
}
