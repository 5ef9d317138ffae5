import { z } from "zod";
import { clip, optionalText, type StepSpec, str } from "./types";

export const handoff: StepSpec = {
  label: "Handoff",
  hint: "Hand over to a person",
  category: "handoff",
  addable: true,
  schema: z.looseObject({
    reason: optionalText("Reason", 1000),
    context_data: z.string().optional(),
  }),
  fields: { reason: "Reason" },
  defaults: () => ({}),
  // The run ends here: a person takes the conversation.
  outputs: () => [],
  summary: (c) => clip(str(c.reason)) || "Hand over to a person",
  execute: async (c, ctx) => ({ kind: "handoff", reason: ctx.render(str(c.reason)) || null }),
};
