import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ProjectContext } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { storeInboundMessage } from "@/lib/messages/store";
import { numberByMetaId } from "@/lib/numbers/credentials";
import type { WorkflowDefinition, WorkflowNode } from "@/lib/workflows/definition";
import { createWorkflow, setWorkflowStatus } from "@/lib/workflows/mutations";
import { createTrigger } from "@/lib/workflows/triggers";

// For the engine's tests: a Graph API stand-in on a real port (live numbers' sends go to
// META_GRAPH_URL), workflows made active the way the builder does, and customers' messages stored the
// way ingest stores them.

export interface GraphSink {
  url: string;
  /** Every message body Graph received, in order. */
  received: Record<string, unknown>[];
  /** While true, requests are read and counted but never answered (a worker can be killed mid-send). */
  hold: boolean;
  close(): Promise<void>;
}

export async function startGraphSink(port = 0): Promise<GraphSink> {
  const sink: GraphSink = { url: "", received: [], hold: false, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += String(d);
    });
    req.on("end", () => {
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body || "{}");
      } catch {}
      if (req.method === "POST" && /\/messages$/.test(req.url ?? "")) sink.received.push(parsed);
      if (sink.hold) return;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          messaging_product: "whatsapp",
          contacts: [{ input: parsed.to, wa_id: parsed.to }],
          messages: [{ id: `wamid.${randomBytes(8).toString("hex")}` }],
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return sink;
}

export const flowNode = (
  id: string,
  nodeType: WorkflowNode["data"]["node_type"],
  config: Record<string, unknown> = {},
): WorkflowNode => ({
  id,
  type: "flow-node",
  position: { x: 0, y: 0 },
  data: { node_type: nodeType, display_name: id, config },
});

/** A chain of edges: [a, b, c] → a→b, b→c ("next"); [a, b, label] triples for other outputs. */
export function edges(...pairs: [string, string, string?][]) {
  return pairs.map(([source, target, label], i) => ({
    id: `e${i + 1}`,
    source,
    target,
    label: label ?? "next",
    ...(label ? { sourceHandle: label } : {}),
  }));
}

/** Creates the workflow, activates it (publishing this definition) and, given a number, holds its inbound trigger. */
export async function activeWorkflow(
  ctx: ProjectContext,
  definition: WorkflowDefinition,
  opts: { inboundNumberId?: string; name?: string; api?: boolean } = {},
): Promise<string> {
  const scope = { projectId: ctx.projectId };
  const actor = { kind: "user" as const, userId: ctx.user.id, role: ctx.role };
  const wf = await createWorkflow(scope, actor, {
    name: opts.name ?? `Flow ${randomBytes(3).toString("hex")}`,
    description: "",
    definition,
  });
  await setWorkflowStatus(scope, actor, { workflowId: wf.id, status: "ACTIVE" });
  if (opts.inboundNumberId)
    await createTrigger(scope, actor, {
      workflowId: wf.id,
      trigger: { type: "INBOUND_MESSAGE", phoneNumberId: opts.inboundNumberId, active: true },
    });
  if (opts.api)
    await createTrigger(scope, actor, { workflowId: wf.id, trigger: { type: "API_CALL", active: true } });
  return wf.id;
}

/** A customer's text as ingest stores it (the outbox event follows in the same transaction). */
export async function customerWrites(
  metaPhoneNumberId: string,
  waId: string,
  text: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const number = await numberByMetaId(metaPhoneNumberId);
  if (!number) throw new Error(`no number ${metaPhoneNumberId}`);
  const id = `wamid.in.${randomBytes(8).toString("hex")}`;
  const msg = {
    id,
    from: waId,
    timestamp: String(Math.floor(Date.now() / 1000)),
    type: "text",
    text: { body: text },
    ...extra,
  };
  await storeInboundMessage(number, msg as never, { waId, profileName: "Casey" }, new Date());
  wakeDispatcher();
}

export async function executionsOf(workflowId: string) {
  return db().workflowExecution.findMany({ where: { workflowId }, orderBy: { startedAt: "asc" } });
}

export async function eventTypes(executionId: string): Promise<string[]> {
  const rows = await db().workflowExecutionEvent.findMany({ where: { executionId }, orderBy: { id: "asc" } });
  return rows.map((r) => r.type);
}
