import { edgeHandleId, outputHandles, type WorkflowDefinition, type WorkflowNode } from "./definition";
import { MAX_CALL_DEPTH } from "./steps/limits";
import { STEPS } from "./steps/registry";
import type { StepConfig, StepContext } from "./steps/types";

export type Problem = {
  nodeId?: string;
  /** Config field the problem is about, for the inspector. */
  field?: string;
  severity: "error" | "warning";
  code: string;
  message: string;
};

export type ValidationContext = {
  /** Project templates by id (MessageTemplate id or Meta template id); omit to skip the template rule. */
  templates?: Map<string, { name: string; status: string }>;
  /** Every workflow of the project → the workflow ids its call nodes call; omit to skip depth checks. */
  workflowCalls?: Map<string, string[]>;
  /** The workflow being validated, so its stored (stale) calls are replaced by this definition's. */
  workflowId?: string;
  /** The project's phone numbers (our id and Meta's phone_number_id); omit to skip the number rule. */
  numbers?: Set<string>;
};

export { MAX_CALL_DEPTH };

const configOf = (n: WorkflowNode) => n.data.config as StepConfig;
const stepOfNode = (n: WorkflowNode) => STEPS[n.data.node_type];

/** Nodes at which an execution parks waiting for the contact, so a loop through them is not a busy loop. */
function waits(n: WorkflowNode): boolean {
  return stepOfNode(n).waitsForContact?.(configOf(n)) ?? false;
}

export function validateWorkflow(def: WorkflowDefinition, ctx: ValidationContext = {}): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(def.nodes.map((n) => [n.id, n]));

  // -- start node
  const starts = def.nodes.filter((n) => n.data.node_type === "start");
  if (starts.length === 0) {
    problems.push({ severity: "error", code: "no_start", message: "The workflow needs a start node" });
  }
  for (const extra of starts.slice(1)) {
    problems.push({
      nodeId: extra.id,
      severity: "error",
      code: "multiple_starts",
      message: "Only one start node is allowed",
    });
  }

  // -- config, per node type: the step's schema, worded with its field names
  for (const n of def.nodes) {
    const step = stepOfNode(n);
    const r = step.schema.safeParse(n.data.config);
    if (r.success) continue;
    const seen = new Set<string>();
    for (const issue of r.error.issues) {
      const key = String(issue.path[0] ?? "");
      const name = step.fields[key] ?? key;
      // Our schemas word their own messages ("Message is required"); zod's built-in ones
      // ("Invalid input: …", "Too big: …") need the field's name in front.
      const message =
        key && /^(Invalid|Too )/.test(issue.message) ? `${name}: ${issue.message}` : issue.message;
      if (seen.has(message)) continue;
      seen.add(message);
      problems.push({ nodeId: n.id, field: key, severity: "error", code: "invalid_config", message });
    }
  }

  // -- edges: connection rules, used handles
  const out = new Map<string, string[]>();
  const usedHandles = new Map<string, Set<string>>();
  for (const e of def.edges) {
    const src = byId.get(e.source);
    const dst = byId.get(e.target);
    if (!src || !dst) continue; // the storage schema already rejects these
    if (e.source === e.target) {
      problems.push({
        nodeId: src.id,
        severity: "error",
        code: "self_loop",
        message: "A step cannot connect to itself",
      });
      continue;
    }
    if (dst.data.node_type === "start") {
      problems.push({
        nodeId: src.id,
        severity: "error",
        code: "edge_into_start",
        message: "Nothing may connect into start",
      });
      continue;
    }
    const handles = outputHandles(src);
    const handle = edgeHandleId(e, handles);
    if (!handle || !handles.some((h) => h.id === handle)) {
      problems.push({
        nodeId: src.id,
        severity: "error",
        code: "stale_edge",
        message: `An edge leaves from an output that no longer exists (${e.sourceHandle ?? e.label})`,
      });
      continue;
    }
    const used = usedHandles.get(src.id) ?? new Set<string>();
    if (used.has(handle)) {
      const h = handles.find((x) => x.id === handle);
      problems.push({
        nodeId: src.id,
        severity: "error",
        code: "duplicate_output",
        message: `Output "${h?.label ?? handle}" is connected more than once`,
      });
    }
    used.add(handle);
    usedHandles.set(src.id, used);
    const list = out.get(src.id) ?? [];
    list.push(dst.id);
    out.set(src.id, list);
  }

  // -- unconnected outputs: a lone "next" may end the flow, but a branch nobody handles is a likely slip
  for (const n of def.nodes) {
    const handles = outputHandles(n);
    const used = usedHandles.get(n.id);
    if (n.data.node_type === "start" && !used?.size) {
      problems.push({
        nodeId: n.id,
        severity: "error",
        code: "start_unconnected",
        message: "Start is not connected to any step",
      });
      continue;
    }
    // A single plain "next" may end the flow; a named output (a branch, "response") should go somewhere.
    if (handles.length === 1 && handles[0]?.id === "next") continue;
    for (const h of handles) {
      if (used?.has(h.id)) continue;
      problems.push({
        nodeId: n.id,
        severity: "warning",
        code: "unconnected_output",
        message: `Output "${h.label}" is not connected`,
      });
    }
  }

  // -- reachability from start
  const start = starts[0];
  if (start) {
    const seen = new Set([start.id]);
    const stack = [start.id];
    while (stack.length) {
      const id = stack.pop() as string;
      for (const next of out.get(id) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    for (const n of def.nodes) {
      if (seen.has(n.id) || n.data.node_type === "start") continue;
      problems.push({
        nodeId: n.id,
        // An error, not a warning: a published workflow must not carry steps that can never run.
        severity: "error",
        code: "unreachable",
        message: "This step cannot be reached from start",
      });
    }
  }

  // -- cycles that never wait for the contact would spin forever
  for (const component of stronglyConnected(
    def.nodes.map((n) => n.id),
    out,
  )) {
    if (component.some((id) => waits(byId.get(id) as WorkflowNode))) continue;
    for (const id of component) {
      problems.push({
        nodeId: id,
        severity: "error",
        code: "cycle_without_wait",
        message: `Loop without a wait for response (${component.length} steps)`,
      });
    }
  }

  // -- each step's own checks against the project (templates, numbers, called workflows)
  const stepCtx: StepContext = {
    templates: ctx.templates,
    numbers: ctx.numbers,
    callDepth: ctx.workflowCalls ? callDepths(def, ctx.workflowCalls, ctx.workflowId) : undefined,
  };
  for (const n of def.nodes) {
    for (const issue of stepOfNode(n).check?.(configOf(n), stepCtx) ?? []) {
      problems.push({ nodeId: n.id, severity: "error", ...issue });
    }
  }

  return problems;
}

/** Ids of the workflows a definition calls, for the project's call graph. */
export function calledWorkflowIds(def: WorkflowDefinition): string[] {
  const ids = new Set<string>();
  for (const n of def.nodes) {
    const id = stepOfNode(n).calls?.(configOf(n));
    if (id) ids.add(id);
  }
  return [...ids];
}

/** Depth of calling each workflow (1 + the longest chain below it; Infinity when it recurses), or null. */
function callDepths(def: WorkflowDefinition, calls: Map<string, string[]>, selfId?: string) {
  const graph = new Map(calls);
  if (selfId) graph.set(selfId, calledWorkflowIds(def));
  const memo = new Map<string, number>();
  const onPath = new Set<string>();
  const depth = (w: string): number => {
    const known = memo.get(w);
    if (known !== undefined) return known;
    if (onPath.has(w)) return Number.POSITIVE_INFINITY;
    onPath.add(w);
    let d = 0;
    for (const child of graph.get(w) ?? []) d = Math.max(d, 1 + depth(child));
    onPath.delete(w);
    memo.set(w, d);
    return d;
  };
  return (target: string): number | null => (graph.has(target) ? 1 + depth(target) : null);
}

/** Tarjan's algorithm, iterative so a long chain cannot overflow the stack. Returns cyclic components only. */
export function stronglyConnected(ids: string[], out: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length) {
      const frame = work[work.length - 1] as [string, number];
      const [v, i] = frame;
      if (i === 0) {
        index.set(v, counter);
        low.set(v, counter);
        counter++;
        stack.push(v);
        onStack.add(v);
      }
      const succ = out.get(v) ?? [];
      if (i < succ.length) {
        frame[1] = i + 1;
        const w = succ[i] as string;
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(v) as number));
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        const selfLoop = comp.length === 1 && succ.includes(v);
        if (comp.length > 1 || selfLoop) result.push(comp.reverse());
      }
    }
  }
  return result;
}
