import { distinctKeys, isNamedKey, isPositionalKey, type ParameterFormat, variablesIn } from "./variables";

// The shared part of Meta's template rules (lib/templates/rules.ts is the entry): the problem type, the
// limits, and the checks every component uses (variables and their examples, lengths, component lists).

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
export const COMPONENT_TYPES = ["HEADER", "BODY", "FOOTER", "BUTTONS", "CAROUSEL", "LIMITED_TIME_OFFER"];

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

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
export const objs = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
export const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : "");
export const str = (v: unknown) => (typeof v === "string" ? v : "");
export const n = (x: number) => x.toLocaleString("en-US");

export class Collector {
  readonly list: Problem[] = [];
  error(path: string, rule: string, message: string) {
    this.list.push({ path, rule, message, severity: "error" });
  }
  warn(path: string, rule: string, message: string) {
    this.list.push({ path, rule, message, severity: "warning" });
  }
}

export function maxLength(
  p: Collector,
  path: string,
  rule: string,
  value: string,
  max: number,
  what: string,
) {
  if (value.length > max)
    p.error(path, rule, `${what} is at most ${n(max)} characters (${n(value.length)} now).`);
}

/**
 * The variables of one text: names valid for the template's parameter format, never both styles, and
 * positional ones numbered {{1}}…{{n}} without gaps. Returns the distinct keys.
 */
export function checkVariables(p: Collector, path: string, text: string, format: ParameterFormat): string[] {
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
export function checkExamples(
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

export function componentsByType(
  p: Collector,
  path: string,
  list: Obj[],
  allowed: string[],
): Map<string, Obj> {
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
