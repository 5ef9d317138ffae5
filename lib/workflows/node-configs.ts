import { z } from "zod";

// The step types and their strict per-type config schemas (kapso-spec §3.2): what `validateWorkflow`
// runs before activation and the inspector uses for field errors. The stored graph's looser schema is
// in definition.ts.

export const NODE_TYPES = [
  "start",
  "send_text",
  "send_template",
  "send_interactive",
  "wait_for_response",
  "set_variable",
  "decide",
  "call",
  "webhook",
  "function",
  "agent",
  "handoff",
] as const;
export type NodeType = (typeof NODE_TYPES)[number];
export const nodeTypeSchema = z.enum(NODE_TYPES);

export const START_NODE_ID = "start";
export const MAX_NODES = 5000;
export const MAX_EDGES = 10000;
export const WAIT_TIMEOUT_MIN = 10;
export const WAIT_TIMEOUT_MAX = 604_800;
export const MAX_BUTTONS = 3;
export const BUTTON_TITLE_MAX = 20;
export const LIST_ROWS_MAX = 10;
export const LIST_SECTIONS_MAX = 10;

const nonEmpty = (field: string, max?: number) => {
  const s = z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} is required`);
  return max ? s.max(max, `${field} must be at most ${max} characters`) : s;
};
const optionalText = (field: string, max: number) =>
  z.string().max(max, `${field} must be at most ${max} characters`).optional();
const variableName = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `${field} must be a variable name (letters, digits, _)`);
const optionalVariable = (field: string) => z.union([z.literal(""), variableName(field)]).optional();

// Loose objects so fields we do not model yet (ai_field_config, provider ids) survive a round trip.
const startConfig = z.looseObject({});

const sendTextConfig = z.looseObject({
  message: nonEmpty("message", 4096),
  delay_seconds: z.number().int().min(0).max(3600).optional(),
  phone_number_id: z.string().optional(),
  to_phone_number: z.string().optional(),
});

const templateParameter = z.object({
  type: z.literal("text"),
  text: z.string(),
  parameter_name: z.string().optional(),
});
/** Meta's native components format (seed changelog "Template parameters"). */
const templateComponent = z.object({
  type: z.enum(["HEADER", "BODY", "BUTTON"]),
  sub_type: z.string().optional(),
  index: z.string().optional(),
  parameters: z.array(templateParameter),
});
const sendTemplateConfig = z.looseObject({
  phone_number_id: nonEmpty("phone_number_id"),
  template_id: nonEmpty("template_id"),
  template_name: z.string().optional(),
  language: z.string().optional(),
  parameters: z.array(templateComponent).optional(),
  to_phone_number: z.string().optional(),
});

const interactiveButton = z.object({
  id: nonEmpty("button id", 256),
  title: nonEmpty("button title", BUTTON_TITLE_MAX),
});
const listRow = z.object({
  id: nonEmpty("row id", 200),
  title: nonEmpty("row title", 24),
  description: optionalText("row description", 72),
});
const listSection = z.object({
  title: optionalText("section title", 24),
  rows: z.array(listRow),
});
const INTERACTIVE_TYPES = [
  "button",
  "list",
  "cta_url",
  "flow",
  "product",
  "product_list",
  "catalog_message",
  "location_request_message",
] as const;
const sendInteractiveConfig = z
  .looseObject({
    interactive_type: z.enum(INTERACTIVE_TYPES, { error: "interactive_type is required" }),
    body_text: nonEmpty("body_text", 1024),
    header_type: z.enum(["none", "text", "image", "video", "document"]).optional(),
    header_text: optionalText("header_text", 60),
    header_media_url: z.string().optional(),
    footer_text: optionalText("footer_text", 60),
    buttons: z.array(interactiveButton).max(MAX_BUTTONS, `buttons: at most ${MAX_BUTTONS}`).optional(),
    list_button_text: optionalText("list_button_text", 20),
    list_sections: z
      .array(listSection)
      .max(LIST_SECTIONS_MAX, `list_sections: at most ${LIST_SECTIONS_MAX}`)
      .optional(),
    cta_display_text: optionalText("cta_display_text", 20),
    cta_url: z.string().optional(),
    flow_id: z.string().optional(),
    flow_cta: optionalText("flow_cta", 20),
    to_phone_number: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: "custom", path: [path], message });
    };
    if (c.interactive_type === "button") {
      need((c.buttons?.length ?? 0) > 0, "buttons", "buttons: add at least one button");
      const ids = (c.buttons ?? []).map((b) => b.id);
      need(new Set(ids).size === ids.length, "buttons", "buttons: ids must be unique");
    }
    if (c.interactive_type === "list") {
      const rows = (c.list_sections ?? []).flatMap((s) => s.rows);
      need(rows.length > 0, "list_sections", "list_sections: add at least one row");
      need(
        rows.length <= LIST_ROWS_MAX,
        "list_sections",
        `list_sections: at most ${LIST_ROWS_MAX} rows in total`,
      );
      need(
        new Set(rows.map((r) => r.id)).size === rows.length,
        "list_sections",
        "list_sections: row ids must be unique",
      );
      need(!!c.list_button_text?.trim(), "list_button_text", "list_button_text is required");
    }
    if (c.interactive_type === "cta_url") {
      need(!!c.cta_display_text?.trim(), "cta_display_text", "cta_display_text is required");
      need(/^https?:\/\//.test(c.cta_url ?? ""), "cta_url", "cta_url must start with http:// or https://");
    }
    if (c.interactive_type === "flow") need(!!c.flow_id?.trim(), "flow_id", "flow_id is required");
    if (c.header_type === "text") need(!!c.header_text?.trim(), "header_text", "header_text is required");
    if (c.header_type === "image" || c.header_type === "video" || c.header_type === "document") {
      need(!!c.header_media_url?.trim(), "header_media_url", "header_media_url is required");
    }
  });

const waitForResponseConfig = z
  .looseObject({
    save_response_to: optionalVariable("save_response_to"),
    has_timeout: z.boolean().optional(),
    timeout_seconds: z
      .number({ error: "timeout_seconds must be a number" })
      .int("timeout_seconds must be a whole number")
      .min(WAIT_TIMEOUT_MIN, `timeout_seconds must be at least ${WAIT_TIMEOUT_MIN}`)
      .max(WAIT_TIMEOUT_MAX, `timeout_seconds must be at most ${WAIT_TIMEOUT_MAX} (7 days)`)
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.has_timeout && c.timeout_seconds === undefined) {
      ctx.addIssue({ code: "custom", path: ["timeout_seconds"], message: "timeout_seconds is required" });
    }
  });

const setVariableConfig = z.looseObject({
  variable_name: variableName("variable_name"),
  variable_value: z.string({ error: "variable_value is required" }),
  value_type: z.enum(["string", "number", "boolean", "json"]).optional(),
});

const decideCondition = z.object({
  id: z.string().optional(),
  label: nonEmpty("condition label", 100),
  description: optionalText("condition description", 1000),
});
const decideConfig = z
  .looseObject({
    decision_type: z.enum(["ai", "function"]).optional(),
    conditions: z
      .array(decideCondition, { error: "conditions are required" })
      .min(1, "conditions: add at least one"),
    provider_model_name: z.string().optional(),
    llm_temperature: z.number().min(0).max(1).optional(),
    llm_max_tokens: z.number().int().min(1).max(100_000).optional(),
    function_id: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    const labels = c.conditions.map((x) => x.label.trim());
    if (new Set(labels).size !== labels.length) {
      ctx.addIssue({ code: "custom", path: ["conditions"], message: "conditions: labels must be unique" });
    }
    if (c.decision_type === "function" && !c.function_id?.trim()) {
      ctx.addIssue({ code: "custom", path: ["function_id"], message: "function_id is required" });
    }
  });

const callConfig = z.looseObject({
  workflow_id: nonEmpty("workflow_id"),
  workflow_name: z.string().optional(),
  save_error_to: optionalVariable("save_error_to"),
});

const webhookConfig = z.looseObject({
  url: nonEmpty("url", 2000).refine(
    (u) => /^(https?:\/\/|\$\{ENV:|\{\{)/.test(u),
    "url must start with http(s)://",
  ),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body_template: z.string().optional(),
  save_response_to: optionalVariable("save_response_to"),
});

const functionConfig = z.looseObject({
  function_id: nonEmpty("function_id"),
  save_response_to: optionalVariable("save_response_to"),
});

const agentConfig = z.looseObject({
  system_prompt: nonEmpty("system_prompt", 20_000),
  provider_model_id: z.string().optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_iterations: z.number().int().min(1).max(200).optional(),
  max_tokens: z.number().int().min(1).max(200_000).optional(),
  reasoning_effort: z.enum(["minimal", "low", "medium", "high"]).optional(),
  message_delivery_mode: z.enum(["auto_send_assistant_text", "tool_only"]).optional(),
  enabled_default_tools: z.array(z.string()).optional(),
});

const handoffConfig = z.looseObject({
  reason: optionalText("reason", 1000),
  context_data: z.string().optional(),
});

export const nodeConfigSchemas = {
  start: startConfig,
  send_text: sendTextConfig,
  send_template: sendTemplateConfig,
  send_interactive: sendInteractiveConfig,
  wait_for_response: waitForResponseConfig,
  set_variable: setVariableConfig,
  decide: decideConfig,
  call: callConfig,
  webhook: webhookConfig,
  function: functionConfig,
  agent: agentConfig,
  handoff: handoffConfig,
} satisfies Record<NodeType, z.ZodType>;

export type NodeConfigs = { [K in NodeType]: z.input<(typeof nodeConfigSchemas)[K]> };
export type InteractiveButton = z.infer<typeof interactiveButton>;
export type DecideCondition = z.infer<typeof decideCondition>;
export type TemplateComponentParams = z.infer<typeof templateComponent>;
