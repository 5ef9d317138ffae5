import { z } from "zod";
import { clip, nextOutput, type StepSpec, str, variableName } from "./types";

export const setVariable: StepSpec = {
  label: "Set variable",
  hint: "Store a value in vars",
  category: "logic",
  addable: true,
  schema: z.looseObject({
    variable_name: variableName("Variable name"),
    variable_value: z.string({ error: "Value is required" }),
    value_type: z.enum(["string", "number", "boolean", "json"]).optional(),
  }),
  fields: { variable_name: "Variable name", variable_value: "Value", value_type: "Type" },
  defaults: () => ({ variable_name: "", variable_value: "", value_type: "string" }),
  outputs: nextOutput,
  summary: (c) =>
    str(c.variable_name)
      ? `vars.${str(c.variable_name)} = ${clip(str(c.variable_value), 40)}`
      : "No variable yet",
  writesVariables: (c) => (str(c.variable_name) ? [str(c.variable_name)] : []),
  async execute(c, ctx) {
    const name = str(c.variable_name);
    const raw = ctx.render(str(c.variable_value));
    const typed = typedValue(raw, str(c.value_type) || "string");
    if (!typed.ok)
      return { kind: "fail", error: `Value: ${typed.error}`, detail: { value_type: c.value_type } };
    return { kind: "next", setVars: { [name]: typed.value } };
  },
};

/** A rendered value as the step's type: numbers and booleans parsed, JSON parsed (kapso-spec §3.2). */
export function typedValue(
  raw: string,
  type: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (type === "number") {
    const n = raw.trim() === "" ? Number.NaN : Number(raw);
    return Number.isFinite(n)
      ? { ok: true, value: n }
      : { ok: false, error: `"${clip(raw, 40)}" is not a number` };
  }
  if (type === "boolean") {
    const v = raw.trim().toLowerCase();
    if (["true", "1", "yes"].includes(v)) return { ok: true, value: true };
    if (["false", "0", "no", ""].includes(v)) return { ok: true, value: false };
    return { ok: false, error: `"${clip(raw, 40)}" is not true or false` };
  }
  if (type === "json") {
    try {
      return { ok: true, value: JSON.parse(raw) };
    } catch {
      return { ok: false, error: "not valid JSON" };
    }
  }
  return { ok: true, value: raw };
}
