import { z } from "zod";

/**
 * The stored workflow graph, in Kapso's shape (kapso-spec §3.1). Two levels of strictness:
 *
 * - `workflowDefinitionSchema` is what a save accepts. Drafts are allowed to be incomplete (a node
 *   dropped from the palette has no message yet), so it checks structure only: ids, types, positions,
 *   that config is an object, that edges point at existing nodes.
 * - `nodeConfigSchemas` are the strict per-type schemas. `validateWorkflow` runs them and activation
 *   is refused while any fails; the inspector uses the same ones to show field errors.
 */

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

// ---- storage schema -------------------------------------------------------------------------

const idSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/, "ids may contain letters, digits and _ . : -");
const finite = z.number().refine(Number.isFinite, "must be a finite number");

export const workflowNodeSchema = z.object({
  id: idSchema,
  type: z.literal("flow-node").default("flow-node"),
  position: z.object({ x: finite, y: finite }),
  data: z.object({
    // Kapso treats a node without node_type as the start node.
    node_type: nodeTypeSchema.default("start"),
    display_name: z.string().max(100).optional(),
    config: z.record(z.string(), z.unknown()).default({}),
  }),
});

export const workflowEdgeSchema = z.object({
  id: idSchema,
  source: idSchema,
  target: idSchema,
  sourceHandle: z.string().max(300).nullish(),
  label: z.string().max(300).default("next"),
});

export const workflowDefinitionSchema = z
  .object({
    nodes: z.array(workflowNodeSchema).max(MAX_NODES, `at most ${MAX_NODES} nodes`),
    edges: z.array(workflowEdgeSchema).max(MAX_EDGES, `at most ${MAX_EDGES} edges`),
  })
  .superRefine((def, ctx) => {
    const ids = new Set<string>();
    def.nodes.forEach((n, i) => {
      if (ids.has(n.id))
        ctx.addIssue({ code: "custom", path: ["nodes", i, "id"], message: `duplicate node id ${n.id}` });
      ids.add(n.id);
    });
    const edgeIds = new Set<string>();
    def.edges.forEach((e, i) => {
      if (edgeIds.has(e.id))
        ctx.addIssue({ code: "custom", path: ["edges", i, "id"], message: `duplicate edge id ${e.id}` });
      edgeIds.add(e.id);
      if (!ids.has(e.source))
        ctx.addIssue({ code: "custom", path: ["edges", i, "source"], message: `unknown node ${e.source}` });
      if (!ids.has(e.target))
        ctx.addIssue({ code: "custom", path: ["edges", i, "target"], message: `unknown node ${e.target}` });
    });
  });

export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type WorkflowEdge = z.infer<typeof workflowEdgeSchema>;

/** A new workflow: just the start node. */
export function emptyDefinition(): WorkflowDefinition {
  return {
    nodes: [
      {
        id: START_NODE_ID,
        type: "flow-node",
        position: { x: 0, y: 0 },
        data: { node_type: "start", config: {} },
      },
    ],
    edges: [],
  };
}

// ---- output handles -------------------------------------------------------------------------

export type OutputHandle = { id: string; label: string };

const asArray = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === "object") : [];
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * A node's outputs in their fixed semantic order (conditions, buttons, rows as configured). Works on
 * draft config, so a half-filled node still gets handles. The handle id is what an edge stores in
 * `sourceHandle`; the label is what it stores in `label` (Kapso routes decide edges by label).
 */
export function outputHandles(node: Pick<WorkflowNode, "data">): OutputHandle[] {
  const c = node.data.config as Record<string, unknown>;
  switch (node.data.node_type) {
    case "handoff":
      return [];
    case "decide":
      return asArray(c.conditions).map((x, i) => {
        const label = str(x.label) || `condition ${i + 1}`;
        return { id: str(x.id) || label, label };
      });
    case "send_interactive": {
      if (c.interactive_type === "button") {
        return asArray(c.buttons).map((b, i) => ({
          id: str(b.id) || `button_${i + 1}`,
          label: str(b.title) || `button ${i + 1}`,
        }));
      }
      if (c.interactive_type === "list") {
        return asArray(c.list_sections)
          .flatMap((s) => asArray(s.rows))
          .map((r, i) => ({ id: str(r.id) || `row_${i + 1}`, label: str(r.title) || `row ${i + 1}` }));
      }
      return [{ id: "next", label: "next" }];
    }
    case "wait_for_response":
      return c.has_timeout
        ? [
            { id: "response", label: "response" },
            { id: "timeout", label: "timeout" },
          ]
        : [{ id: "response", label: "response" }];
    default:
      return [{ id: "next", label: "next" }];
  }
}

/**
 * The handle an edge leaves from. Edges imported from Kapso carry only a label (decide branches are
 * routed by label), so match on it before falling back to the first output.
 */
export function edgeHandleId(
  edge: Pick<WorkflowEdge, "sourceHandle" | "label">,
  handles: OutputHandle[],
): string | undefined {
  if (edge.sourceHandle) return edge.sourceHandle;
  return (handles.find((h) => h.label === edge.label) ?? handles[0])?.id;
}

/** Default config for a node freshly added from the palette. */
export function defaultConfig(type: NodeType): Record<string, unknown> {
  switch (type) {
    case "send_interactive":
      return {
        interactive_type: "button",
        body_text: "",
        buttons: [
          { id: "btn_1", title: "Yes" },
          { id: "btn_2", title: "No" },
        ],
      };
    case "wait_for_response":
      return { save_response_to: "", has_timeout: false };
    case "decide":
      return {
        decision_type: "ai",
        conditions: [
          { id: "cond_1", label: "yes", description: "" },
          { id: "cond_2", label: "no", description: "" },
        ],
      };
    case "set_variable":
      return { variable_name: "", variable_value: "", value_type: "string" };
    case "webhook":
      return { url: "", method: "POST" };
    case "send_text":
      return { message: "" };
    default:
      return {};
  }
}

export const NODE_LABELS: Record<NodeType, string> = {
  start: "Start",
  send_text: "Send text",
  send_template: "Send template",
  send_interactive: "Send interactive",
  wait_for_response: "Wait for response",
  set_variable: "Set variable",
  decide: "Decide",
  call: "Call workflow",
  webhook: "HTTP request",
  function: "Function",
  agent: "Agent",
  handoff: "Handoff",
};
