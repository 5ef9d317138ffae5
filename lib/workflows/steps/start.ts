import { z } from "zod";
import { nextOutput, type StepSpec } from "./types";

export const start: StepSpec = {
  label: "Start",
  hint: "Where every run begins",
  category: "start",
  addable: false,
  schema: z.looseObject({}),
  fields: {},
  defaults: () => ({}),
  outputs: nextOutput,
  summary: () => "Trigger fires",
  execute: async () => ({ kind: "next" }),
};
