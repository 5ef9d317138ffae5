import { z } from "zod";
import { clip, nextOutput, required, type StepSpec, str } from "./types";

export const REASONING_EFFORTS = ["minimal", "low", "medium", "high"] as const;

export const agent: StepSpec = {
  label: "Agent",
  hint: "Let an AI agent converse",
  category: "integration",
  addable: true,
  schema: z.looseObject({
    system_prompt: required("System prompt", 20_000),
    provider_model_id: z.string().optional(),
    temperature: z.number().min(0).max(2).optional(),
    max_iterations: z
      .number({ error: "Max iterations must be a number" })
      .int("Max iterations must be a whole number")
      .min(1, "Max iterations must be at least 1")
      .max(200, "Max iterations can be at most 200")
      .optional(),
    max_tokens: z.number().int().min(1).max(200_000).optional(),
    reasoning_effort: z.enum(REASONING_EFFORTS).optional(),
    message_delivery_mode: z.enum(["auto_send_assistant_text", "tool_only"]).optional(),
    enabled_default_tools: z.array(z.string()).optional(),
  }),
  fields: {
    system_prompt: "System prompt",
    max_iterations: "Max iterations",
    reasoning_effort: "Reasoning effort",
  },
  defaults: () => ({}),
  outputs: nextOutput,
  summary: (c) => clip(str(c.system_prompt)) || "No prompt yet",
};
