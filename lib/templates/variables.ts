// Template variables as Meta reads them: `{{1}}` (POSITIONAL) or `{{order_id}}` (NAMED). Pure; shared by
// the rule module, the editor's preview and the sandbox.

export type ParameterFormat = "POSITIONAL" | "NAMED";

/** Anything between double braces, so malformed names (`{{Order-Id}}`) are seen and named, not skipped. */
const ANY_VARIABLE = /\{\{([^{}]*)\}\}/g;
const POSITIONAL_KEY = /^[1-9]\d*$/;
const NAMED_KEY = /^[a-z0-9_]+$/;

export interface Variable {
  /** The name between the braces, trimmed. */
  key: string;
  /** Where it starts in the text. */
  index: number;
  /** The whole `{{…}}` as written. */
  raw: string;
}

/** Every `{{…}}` occurrence of a text, in order (repeats included). */
export function variablesIn(text: string): Variable[] {
  return [...text.matchAll(ANY_VARIABLE)].map((m) => ({
    key: (m[1] ?? "").trim(),
    index: m.index ?? 0,
    raw: m[0],
  }));
}

/** The distinct keys of a text: positional ones in numeric order, named ones in order of appearance. */
export function distinctKeys(text: string): string[] {
  const keys = [...new Set(variablesIn(text).map((v) => v.key))];
  return keys.every((k) => POSITIONAL_KEY.test(k)) ? keys.sort((a, b) => Number(a) - Number(b)) : keys;
}

export const isPositionalKey = (k: string) => POSITIONAL_KEY.test(k);
export const isNamedKey = (k: string) => NAMED_KEY.test(k) && !POSITIONAL_KEY.test(k) && !/^\d+$/.test(k);

/** Replaces each variable with its value; one without a value stays as written. */
export function fillVariables(text: string, value: (key: string) => string | undefined): string {
  return text.replace(ANY_VARIABLE, (raw, k: string) => value(k.trim()) ?? raw);
}
