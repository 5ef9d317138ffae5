import { z } from "zod";
import {
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
  workflowEdgeSchema,
  workflowNodeSchema,
} from "./definition";
import { DEFAULT_NODE_SIZE } from "./layout";
import { START_NODE_ID } from "./node-configs";

/**
 * Copy/paste of workflow nodes through the system clipboard, so it works across workflows, tabs and
 * browsers. The text carries a type marker; anything else on the clipboard parses to null and the
 * paste does nothing.
 */

export const CLIPBOARD_TYPE = "switchboard/workflow-nodes";
export const PASTE_OFFSET = 40;
const MAX_CLIPBOARD_CHARS = 5_000_000;

export type ClipboardPayload = {
  type: typeof CLIPBOARD_TYPE;
  version: 1;
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
  /** The workflow it was copied from: a paste there duplicates, anywhere else it lands on free canvas. */
  workflowId?: string;
};

const payloadSchema = z.object({
  type: z.literal(CLIPBOARD_TYPE),
  version: z.literal(1),
  nodes: z.array(workflowNodeSchema).max(5000),
  edges: z.array(workflowEdgeSchema).max(10000),
  workflowId: z.string().max(200).optional(),
});

const isStart = (n: WorkflowNode) => n.id === START_NODE_ID || n.data.node_type === "start";

/** The selected nodes (never start) and the edges between them; null when nothing copyable is selected. */
export function copySelection(
  def: WorkflowDefinition,
  selected: Iterable<string>,
  workflowId?: string,
): ClipboardPayload | null {
  const ids = new Set(selected);
  const nodes = def.nodes.filter((n) => ids.has(n.id) && !isStart(n));
  if (nodes.length === 0) return null;
  const kept = new Set(nodes.map((n) => n.id));
  const edges = def.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  return {
    type: CLIPBOARD_TYPE,
    version: 1,
    nodes: structuredClone(nodes),
    edges: structuredClone(edges),
    ...(workflowId ? { workflowId } : {}),
  };
}

export function serializeClipboard(payload: ClipboardPayload): string {
  return JSON.stringify(payload);
}

/** Our payload from clipboard text, or null for anything else (plain text, other apps' JSON, garbage). */
export function parseClipboard(text: string): ClipboardPayload | null {
  if (!text || text.length > MAX_CLIPBOARD_CHARS || !text.trimStart().startsWith("{")) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const r = payloadSchema.safeParse(raw);
  if (!r.success) return null;
  const nodes = r.data.nodes.filter((n) => !isStart(n));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = r.data.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return nodes.length ? { ...r.data, nodes, edges } : null;
}

/** `{node_type}_{timestamp}` (Kapso's convention), bumped until it is unique. */
export function makeIdFactory(taken: Iterable<string>, now = Date.now()) {
  const used = new Set(taken);
  let t = now;
  return (prefix: string) => {
    let id = `${prefix}_${t}`;
    while (used.has(id)) id = `${prefix}_${++t}`;
    used.add(id);
    return id;
  };
}

export type PasteOptions = {
  /** Put the selection's top-left corner here (e.g. the pointer, in flow coordinates). */
  at?: { x: number; y: number };
  now?: number;
  /** The workflow pasted into; compared with the payload's to tell a duplicate from a paste elsewhere. */
  workflowId?: string;
};

/** Space kept between pasted steps and the steps already on the canvas. */
export const PASTE_GAP = 80;

/**
 * How far to move copied nodes, kept in their own layout, so none lands on a node already there: not
 * at all when their spot is free, else just below the existing nodes in the columns they span.
 * Linear in nodes, so a 200-node paste into a 1,000-node graph stays within the paste budget.
 */
export function freeSpaceOffset(
  existing: readonly Pick<WorkflowNode, "position">[],
  pasted: readonly Pick<WorkflowNode, "position">[],
): { dx: number; dy: number } {
  const { w, h } = DEFAULT_NODE_SIZE;
  const box = {
    x0: Math.min(...pasted.map((n) => n.position.x)),
    y0: Math.min(...pasted.map((n) => n.position.y)),
    x1: Math.max(...pasted.map((n) => n.position.x)) + w,
    y1: Math.max(...pasted.map((n) => n.position.y)) + h,
  };
  const hit = (n: Pick<WorkflowNode, "position">, a: { x: number; y: number }) =>
    a.x < n.position.x + w + PASTE_GAP / 2 &&
    a.x + w + PASTE_GAP / 2 > n.position.x &&
    a.y < n.position.y + h + PASTE_GAP / 2 &&
    a.y + h + PASTE_GAP / 2 > n.position.y;
  // Cheap bounding-box test first; only when it overlaps, check node by node.
  const near = existing.filter(
    (n) =>
      n.position.x < box.x1 + PASTE_GAP &&
      n.position.x + w + PASTE_GAP > box.x0 &&
      n.position.y < box.y1 + PASTE_GAP &&
      n.position.y + h + PASTE_GAP > box.y0,
  );
  if (!near.some((n) => pasted.some((p) => hit(n, p.position)))) return { dx: 0, dy: 0 };
  let bottom = Number.NEGATIVE_INFINITY;
  for (const n of existing) {
    if (n.position.x < box.x1 && n.position.x + w > box.x0) bottom = Math.max(bottom, n.position.y + h);
  }
  return { dx: 0, dy: bottom + PASTE_GAP - box.y0 };
}

/**
 * Adds the payload's nodes and internal edges with fresh ids. Without `at`: a copy of nodes still in
 * this workflow (duplicate) lands PASTE_OFFSET below-right of the originals, and further each time that
 * spot is taken, so repeated pastes cascade instead of stacking; nodes from another workflow (or cut)
 * keep their layout on free canvas (`freeSpaceOffset`), never on top of the steps already here.
 */
export function pasteClipboard(
  def: WorkflowDefinition,
  payload: ClipboardPayload,
  opts: PasteOptions = {},
): { definition: WorkflowDefinition; pastedIds: string[] } {
  const minX = Math.min(...payload.nodes.map((n) => n.position.x));
  const minY = Math.min(...payload.nodes.map((n) => n.position.y));
  let dx: number;
  let dy: number;
  const existingIds = new Set(def.nodes.map((n) => n.id));
  if (opts.at) {
    dx = opts.at.x - minX;
    dy = opts.at.y - minY;
  } else if (
    (payload.workflowId && opts.workflowId && payload.workflowId !== opts.workflowId) ||
    payload.nodes.some((n) => !existingIds.has(n.id))
  ) {
    // Another workflow (a duplicated one may share node ids, hence the workflow id), or after a cut.
    ({ dx, dy } = freeSpaceOffset(def.nodes, payload.nodes));
  } else {
    const occupied = new Set(def.nodes.map((n) => `${n.position.x},${n.position.y}`));
    const anchors = payload.nodes.map((n) => n.position);
    let k = 1;
    const clash = (k: number) =>
      anchors.some((p) => occupied.has(`${p.x + k * PASTE_OFFSET},${p.y + k * PASTE_OFFSET}`));
    while (clash(k) && k < 1000) k++;
    dx = k * PASTE_OFFSET;
    dy = k * PASTE_OFFSET;
  }
  const nextId = makeIdFactory(
    [...def.nodes.map((n) => n.id), ...def.edges.map((e) => e.id)],
    opts.now ?? Date.now(),
  );
  const idMap = new Map<string, string>();
  const nodes = payload.nodes.map((n) => {
    const id = nextId(n.data.node_type);
    idMap.set(n.id, id);
    return {
      ...structuredClone(n),
      id,
      position: { x: n.position.x + dx, y: n.position.y + dy },
    };
  });
  const edges = payload.edges.flatMap((e) => {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    return source && target ? [{ ...e, id: nextId("edge"), source, target }] : [];
  });
  return {
    definition: { nodes: [...def.nodes, ...nodes], edges: [...def.edges, ...edges] },
    pastedIds: nodes.map((n) => n.id),
  };
}

/** Removes nodes (never start) and every edge touching them. */
export function removeNodes(def: WorkflowDefinition, ids: Iterable<string>): WorkflowDefinition {
  const gone = new Set(ids);
  for (const n of def.nodes) if (isStart(n)) gone.delete(n.id);
  if (gone.size === 0) return def;
  return {
    nodes: def.nodes.filter((n) => !gone.has(n.id)),
    edges: def.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

/** Cut = copy, then remove what was copied. */
export function cutSelection(
  def: WorkflowDefinition,
  selected: Iterable<string>,
): { payload: ClipboardPayload | null; definition: WorkflowDefinition } {
  const payload = copySelection(def, selected);
  if (!payload) return { payload, definition: def };
  return {
    payload,
    definition: removeNodes(
      def,
      payload.nodes.map((n) => n.id),
    ),
  };
}
