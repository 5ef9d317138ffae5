import { z } from "zod";
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
    })
    .superRefine((c, ctx) => {
      const labels = c.conditions.map((x) => x.label.trim());
      if (new Set(labels).size !== labels.length) {
        ctx.addIssue({ code: "custom", path: ["conditions"], message: "Conditions: labels must be unique" });
      }
      if (c.decision_type === "function" && !c.function_id?.trim()) {
        ctx.addIssue({ code: "custom", path: ["function_id"], message: "Function ID is required" });
      }
    }),
  fields: { decision_type: "Decided by", conditions: "Conditions", function_id: "Function ID" },
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
};
