import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { ProjectContext } from "@/lib/auth/project-id";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { loadEnv } from "@/lib/env";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { registerSubscriber } from "@/lib/events/subscribers";
import { storeInboundMessage } from "@/lib/messages/store";
import { createProvider } from "@/lib/models/mutations";
import { createProviderSchema } from "@/lib/models/schema";
import { numberByMetaId } from "@/lib/numbers/credentials";
import type { WorkflowDefinition, WorkflowNode } from "@/lib/workflows/definition";
import { engineJobs } from "@/lib/workflows/engine/jobs";
import { engineSubscriber } from "@/lib/workflows/engine/subscriber";
import { engineLoops } from "@/lib/workflows/engine/timers";
import { createWorkflow, setWorkflowStatus } from "@/lib/workflows/mutations";
import { createTrigger } from "@/lib/workflows/triggers";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { exited, spawnTs, waitForOutput } from "./child";
import { freePort } from "./free-port";

// For the engine's tests: a Graph API stand-in on a real port (live numbers' sends go to
// META_GRAPH_URL), the engine run in this process or in a child to kill, workflows made active the way
// the builder does, customers' messages stored the way ingest stores them, a local model as the
// project's provider, and an HTTP server that records what steps and tools send it.

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

export interface EngineHarness {
  /** Graph's stand-in, started before the file's tests. */
  readonly sink: GraphSink;
  /** The text messages Graph was asked to send to `to`, in order. */
  texts(to: string): (string | undefined)[];
}

/**
 * Registers the calling file's engine set-up: Graph's stand-in on a port chosen now (META_GRAPH_URL is
 * set before anything reads it, and a child the file spawns inherits it) and, unless `inProcess` is
 * false (the kill tests run the engine in a child, see registerEngineChild), the engine's jobs and
 * timer loops in this process. `allowLoopback`: EGRESS_ALLOW_HOSTS=127.0.0.1, so steps and models may
 * reach the file's own servers.
 */
export async function registerEngineHarness(
  opts: { inProcess?: boolean; allowLoopback?: boolean } = {},
): Promise<EngineHarness> {
  const port = await freePort();
  process.env.META_GRAPH_URL = `http://127.0.0.1:${port}`;
  if (opts.allowLoopback) process.env.EGRESS_ALLOW_HOSTS = "127.0.0.1";
  loadEnv();
  const inProcess = opts.inProcess ?? true;
  let sink: GraphSink | undefined;
  beforeAll(async () => {
    sink = await startGraphSink(port);
    if (inProcess) await startJobs({ jobs: engineJobs, workerLoops: engineLoops, loops: true });
  });
  afterAll(async () => {
    if (inProcess) await stopJobs(2000);
    await sink?.close();
  });
  const started = () => {
    if (!sink) throw new Error("the Graph sink starts in beforeAll");
    return sink;
  };
  return {
    get sink() {
      return started();
    },
    texts: (to) =>
      started()
        .received.filter((b) => b.to === to && b.type === "text")
        .map((b) => (b.text as { body?: string } | undefined)?.body),
  };
}

/**
 * The engine in a child process (engine-child.ts) that a test kills with SIGKILL; this process only
 * stores customers' messages and watches, so the engine's subscriber is taken out of it. A child left
 * running by a test is killed after it.
 */
export function registerEngineChild() {
  registerSubscriber(engineSubscriber)();
  let child: ReturnType<typeof spawnTs> | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited(child);
    }
  });
  return {
    /** Starts a worker and waits until it is ready. */
    async start() {
      child = spawnTs("lib/testing/engine-child.ts", []);
      await waitForOutput(child, "READY", 60_000);
      return child;
    },
    async kill9() {
      child?.kill("SIGKILL");
      if (child) await exited(child);
    },
  };
}

/** A project with a live number (its sends go to the Graph sink). */
export async function projectWithNumber() {
  const ctx = await makeProject();
  const number = await makeNumber(ctx, "LIVE");
  return { ctx, number };
}

/** The project's model provider: a local server speaking OpenAI's protocol (model-server.ts). */
export async function addLocalModel(ctx: ProjectContext, baseUrl: string): Promise<void> {
  await createProvider(
    memberScope(ctx),
    memberActor(ctx),
    createProviderSchema.parse({
      name: "Local",
      kind: "openai_compatible",
      baseUrl,
      apiKey: "sk-test-0123456789abcdef",
      defaultModel: "test-model",
    }),
  );
}

/** A customer's number no other test uses. */
export const randomWaId = () => `1555${Math.floor(1e6 + Math.random() * 8e6)}`;

export interface RecordingServer {
  url: string;
  /** Every request, in order. */
  received: { method: string; url: string; body: string; auth: string | undefined }[];
  close(): Promise<void>;
}

/** An HTTP server on loopback that records each request and answers 200 with `answer(body)` as JSON. */
export async function startRecordingServer(answer: (body: string) => unknown): Promise<RecordingServer> {
  const received: RecordingServer["received"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += String(d);
    });
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", body, auth: req.headers.authorization });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer(body)));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
