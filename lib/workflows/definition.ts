import { z } from "zod";

/**
 * The stored workflow graph, in Kapso's shape (kapso-spec §3.1). Two levels of strictness:
 *
 * - `workflowDefinitionSchema` is what a save accepts. Drafts are allowed to be incomplete (a node
 *   dropped from the palette has no message yet), so it checks structure only: ids, types, positions,
 *   that config is an object, that edges point at existing nodes.
 * - `nodeConfigSchemas` (node-configs.ts) are the strict per-type schemas. `validateWorkflow` runs them and activation
 *   is refused while any fails; the inspector uses the same ones to show field errors.
 */

import { MAX_EDGES, MAX_NODES, type NodeType, nodeTypeSchema, START_NODE_ID } from "./node-configs";

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
