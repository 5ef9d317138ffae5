import { z } from "zod";
import { nextOutput, numberIssues, required, type StepIssue, type StepSpec, str } from "./types";

const templateParameter = z.object({
  type: z.literal("text"),
  text: z.string(),
  parameter_name: z.string().optional(),
});
/** Meta's native components format (seed changelog "Template parameters"). */
export const templateComponent = z.object({
  type: z.enum(["HEADER", "BODY", "BUTTON"]),
  sub_type: z.string().optional(),
  index: z.string().optional(),
  parameters: z.array(templateParameter),
});
export type TemplateComponentParams = z.infer<typeof templateComponent>;

export const sendTemplate: StepSpec = {
  label: "Send template",
  hint: "Send an approved template",
  category: "message",
  addable: true,
  schema: z.looseObject({
    phone_number_id: required("WhatsApp number"),
    template_id: required("Template"),
    template_name: z.string().optional(),
    language: z.string().optional(),
    parameters: z.array(templateComponent).optional(),
    to_phone_number: z.string().optional(),
  }),
  fields: { phone_number_id: "WhatsApp number", template_id: "Template", parameters: "Parameters" },
  defaults: () => ({}),
  outputs: nextOutput,
  summary: (c, lookups) => {
    const name = lookups.templateName?.(str(c.template_id)) ?? str(c.template_name);
    return name ? `Template ${name}` : "No template chosen";
  },
  check: (c, ctx) => {
    const issues: StepIssue[] = numberIssues(c, ctx);
    const id = str(c.template_id);
    if (!ctx.templates || !id) return issues; // a missing id is the schema's to report
    const t = ctx.templates.get(id);
    if (!t) {
      issues.push({
        field: "template_id",
        code: "template_missing",
        message: "The template no longer exists",
      });
    } else if (t.status.toUpperCase() !== "APPROVED") {
      issues.push({
        field: "template_id",
        code: "template_not_approved",
        message: `Template ${t.name} is ${t.status.toLowerCase()}, not approved`,
      });
    }
    return issues;
  },
};
