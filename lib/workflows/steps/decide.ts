import { z } from "zod";
import { MAX_CODE } from "./function";
import { asArray, optionalText, required, type StepSpec, str } from "./types";

const decideCondition = z.object({
  id: z.string().optional(),
  label: required("Condition label", 100),
  description: optionalText("Condition description", 1000),
});
export type DecideCondition = z.infer<typeof decideCondition>;

export const DECISION_TYPE_LABELS: Record<string, string> = { ai: "AI model", function: "Function" };

export const decide: StepSpec = {
  label: "Decide",
  hint: "Branch on conditions",
  category: "logic",
  addable: true,
  schema: z
    .looseObject({
      decision_type: z.enum(["ai", "function"]).optional(),
      conditions: z
        .array(decideCondition, { error: "Conditions are required" })
        .min(1, "Conditions: add at least one"),
      provider_model_name: z.string().optional(),
      llm_temperature: z.number().min(0).max(1).optional(),
      llm_max_tokens: z.number().int().min(1).max(100_000).optional(),
      function_id: z.string().optional(),
      code: z.string().max(MAX_CODE, `Code can be at most ${MAX_CODE} characters`).optional(),
    })
    .superRefine((c, ctx) => {
      const labels = c.conditions.map((x) => x.label.trim());
      if (new Set(labels).size !== labels.length) {
        ctx.addIssue({ code: "custom", path: ["conditions"], message: "Conditions: labels must be unique" });
      }
      if (c.decision_type === "function" && !c.code?.trim()) {
        ctx.addIssue({ code: "custom", path: ["code"], message: "Code is required" });
      }
    }),
  fields: { decision_type: "Decided by", conditions: "Conditions", function_id: "Function ID", code: "Code" },
  defaults: () => ({
    decision_type: "ai",
    conditions: [
      { id: "cond_1", label: "yes", description: "" },
      { id: "cond_2", label: "no", description: "" },
    ],
  }),
  // Kapso routes decide edges by label; the id keeps an edge attached while its label is renamed.
  outputs: (c) =>
    asArray(c.conditions).map((x, i) => {
      const label = str(x.label) || `condition ${i + 1}`;
      return { id: str(x.id) || label, label };
    }),
  summary: (c) => `${str(c.decision_type) === "function" ? "A function" : "AI"} decides`,
  async execute(c, ctx) {
    const conditions = asArray(c.conditions).map((x) => ({
      label: str(x.label),
      description: ctx.render(str(x.description)) || undefined,
    }));
    if (conditions.length === 0) return { kind: "fail", error: "Conditions: add at least one" };
    if (str(c.decision_type) === "function") {
      const code = str(c.code);
      if (!code.trim())
        return {
          kind: "fail",
          error:
            `Function ${str(c.function_id) || ""}: this version runs a decide function from the step's code field (functions are not stored separately)`.replace(
              "  ",
              " ",
            ),
        };
      const r = await ctx.runFunction(code, { kind: "decide", labels: conditions.map((x) => x.label) });
      if (!r.ok) return { kind: "fail", error: `Function: ${r.error}`, detail: { logs: r.logs } };
      return {
        kind: "next",
        output: r.label,
        setVars: Object.keys(r.vars).length ? r.vars : undefined,
        detail: { decided_by: "function", label: r.label, ...(r.logs.length ? { logs: r.logs } : {}) },
      };
    }
    const r = await ctx.decideByModel({
      conditions,
      providerId: str(c.provider_model_id) || undefined,
      model: str(c.provider_model_name) || undefined,
      temperature: typeof c.llm_temperature === "number" ? c.llm_temperature : 0,
      maxTokens: typeof c.llm_max_tokens === "number" ? c.llm_max_tokens : undefined,
    });
    return {
      kind: "next",
      output: r.label,
      detail: {
        decided_by: "ai",
        label: r.label,
        fallback: r.fallback,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.error ? { error: r.error } : {}),
      },
    };
  },
};
