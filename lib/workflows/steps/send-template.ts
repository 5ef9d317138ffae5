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
  async execute(c, ctx) {
    const t = await ctx.template(str(c.template_id));
    if (!t) return { kind: "fail", error: "Template: it no longer exists in this project" };
    const components = (Array.isArray(c.parameters) ? (c.parameters as TemplateComponentParams[]) : [])
      .filter((p) => p.parameters.length > 0)
      .map((p) => ({
        type: p.type.toLowerCase(),
        ...(p.sub_type ? { sub_type: p.sub_type.toLowerCase() } : {}),
        ...(p.index !== undefined ? { index: p.index } : {}),
        parameters: p.parameters.map((x) => ({
          type: "text",
          text: ctx.render(x.text),
          ...(x.parameter_name ? { parameter_name: x.parameter_name } : {}),
        })),
      }));
    const sent = await ctx.send({
      type: "template",
      content: {
        name: t.name,
        language: { code: str(c.language) || t.language },
        ...(components.length ? { components } : {}),
      },
      toPhoneNumber: ctx.render(str(c.to_phone_number)).trim() || undefined,
      phoneNumberId: str(c.phone_number_id) || undefined,
    });
    return { kind: "next", detail: { template: t.name, ...sent } };
  },
};
