import { z } from "zod";

/**
 * The stored workflow graph, in Kapso's shape (kapso-spec §3.1). Two levels of strictness:
 *
 * - `workflowDefinitionSchema` is what a save accepts. Drafts are allowed to be incomplete (a node
 *   dropped from the palette has no message yet), so it checks structure only: ids, types, positions,
 *   that config is an object, that edges point at existing nodes.
 * - each step kind's `schema` (steps/<kind>.ts) is the strict per-kind config schema. `validateWorkflow` runs them and activation
 *   is refused while any fails; the inspector uses the same ones to show field errors.
 */

import { MAX_EDGES, MAX_NODES, START_NODE_ID } from "./node-configs";
import { NODE_TYPES, type NodeType, nodeTypeSchema, STEPS } from "./steps/registry";
import type { OutputHandle } from "./steps/types";

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

// ---- per-kind knowledge, from the step registry ---------------------------------------------

export type { OutputHandle } from "./steps/types";

/**
 * A node's outputs in their fixed semantic order (conditions, buttons, rows as configured). Works on
 * draft config, so a half-filled node still gets handles. The handle id is what an edge stores in
 * `sourceHandle`; the label is what it stores in `label` (Kapso routes decide edges by label).
 */
export function outputHandles(node: Pick<WorkflowNode, "data">): OutputHandle[] {
  return STEPS[node.data.node_type].outputs(node.data.config as Record<string, unknown>);
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
  return STEPS[type].defaults();
}

export const NODE_LABELS = Object.fromEntries(NODE_TYPES.map((t) => [t, STEPS[t].label])) as Record<
  NodeType,
  string
>;
