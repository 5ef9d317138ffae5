import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A model server for tests: a real HTTP server speaking OpenAI's Chat Completions protocol
 * (`POST /v1/chat/completions`, plain JSON or `stream: true` server-sent events, with tool calls) and
 * Anthropic's Messages protocol (`POST /v1/messages`, plain JSON or streamed events, with tool use), plus
 * `GET /v1/models`. What it answers is scripted per test:
 *
 *   server.on((req) => lastUserText(req).includes("refund"), { toolCalls: [{ name: "handoff", args: {} }] });
 *   server.on(() => true, { text: "refund" });
 *
 * Rules are tried in the order they were added; the first whose `when` matches answers (a `once` rule is
 * then dropped). With no rule matching it answers "OK". Every request is kept in `requests`.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  /** The text of the message (text parts joined). */
  content: string;
  toolCalls?: { id: string; name: string; args: unknown }[];
  /** For tool results: the call they answer. */
  toolCallId?: string;
}

export interface ChatRequest {
  protocol: "openai" | "anthropic";
  path: string;
  headers: Record<string, string | string[] | undefined>;
  model: string;
  stream: boolean;
  messages: ChatMessage[];
  /** The tools offered, by name, with their JSON schemas. */
  tools: { name: string; description?: string; parameters: unknown }[];
  temperature?: number;
  maxTokens?: number;
  body: Record<string, unknown>;
}

export type Reply =
  | { text: string; delayMs?: number }
  | { toolCalls: { name: string; args: unknown; id?: string }[]; text?: string; delayMs?: number }
  /** An HTTP error in the protocol's error shape. */
  | { status: number; message?: string; delayMs?: number }
  /** Anything at all (not the protocol): a body that is not JSON, a wrong shape. */
  | { raw: string; contentType?: string; delayMs?: number };

interface Rule {
  when: (req: ChatRequest) => boolean;
  reply: Reply | ((req: ChatRequest) => Reply);
  once: boolean;
}

export interface ModelServer {
  /** e.g. http://127.0.0.1:41234/v1 (the base URL a provider is configured with). */
  baseUrl: string;
  requests: ChatRequest[];
  on(
    when: (req: ChatRequest) => boolean,
    reply: Reply | ((req: ChatRequest) => Reply),
    opts?: { once?: boolean },
  ): void;
  /** Answers every request this way (a rule that always matches). */
  always(reply: Reply | ((req: ChatRequest) => Reply)): void;
  reset(): void;
  close(): Promise<void>;
}

export function lastUserText(req: ChatRequest): string {
  return req.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
}

export function systemText(req: ChatRequest): string {
  return req.messages
    .filter((m) => m.role === "system")
    .map((m) => m.content)
    .join("\n");
}

/** The results of tool calls the request carries back to the model, newest last. */
export function toolResults(req: ChatRequest): { toolCallId: string; content: string }[] {
  return req.messages
    .filter((m) => m.role === "tool" && m.toolCallId)
    .map((m) => ({ toolCallId: m.toolCallId!, content: m.content }));
}

/** Whether the last message is a tool result (the model is being told what its tool call did). */
export const afterToolResult = (req: ChatRequest) => req.messages.at(-1)?.role === "tool";

export async function startModelServer(): Promise<ModelServer> {
  const rules: Rule[] = [];
  const requests: ChatRequest[] = [];
  let seq = 0;
  const open = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    open.add(res);
    res.on("close", () => open.delete(res));
    handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(e) } }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.replace(/^\/v1/, "");
    if (req.method === "GET" && path === "/models") {
      return json(res, 200, {
        object: "list",
        data: [{ id: "test-model", object: "model", owned_by: "tests" }],
      });
    }
    if (req.method !== "POST" || (path !== "/chat/completions" && path !== "/messages")) {
      return json(res, 404, { error: { message: `No route ${req.method} ${url.pathname}` } });
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return json(res, 400, { error: { message: "Body is not JSON" } });
    }
    const protocol = path === "/messages" ? "anthropic" : "openai";
    const chat = protocol === "openai" ? parseOpenAI(body) : parseAnthropic(body);
    const request: ChatRequest = { protocol, path: url.pathname, headers: req.headers, ...chat, body };
    requests.push(request);

    const i = rules.findIndex((r) => r.when(request));
    const rule = i >= 0 ? rules[i] : undefined;
    if (rule?.once) rules.splice(i, 1);
    const reply: Reply = rule
      ? typeof rule.reply === "function"
        ? rule.reply(request)
        : rule.reply
      : { text: "OK" };

    if (reply.delayMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, reply.delayMs);
        res.on("close", () => {
          clearTimeout(t);
          resolve();
        });
      });
      if (res.destroyed || res.writableEnded) return;
    }
    if ("raw" in reply) {
      res.writeHead(200, { "content-type": reply.contentType ?? "application/json" });
      return res.end(reply.raw);
    }
    if ("status" in reply) {
      const message = reply.message ?? `Scripted error ${reply.status}`;
      return json(
        res,
        reply.status,
        protocol === "openai"
          ? { error: { message, type: "invalid_request_error", code: null } }
          : { type: "error", error: { type: "api_error", message } },
      );
    }
    const id = ++seq;
    const text = "text" in reply ? (reply.text ?? "") : "";
    const calls =
      "toolCalls" in reply
        ? reply.toolCalls.map((c, k) => ({ id: c.id ?? `call_${id}_${k}`, name: c.name, args: c.args }))
        : [];
    if (protocol === "openai") return openAIReply(res, request, id, text, calls);
    return anthropicReply(res, request, id, text, calls);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    on(when, reply, opts) {
      rules.push({ when, reply, once: opts?.once ?? false });
    },
    always(reply) {
      rules.push({ when: () => true, reply, once: false });
    },
    reset() {
      rules.length = 0;
      requests.length = 0;
    },
    close() {
      for (const r of open) r.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

type Call = { id: string; name: string; args: unknown };

function json(res: ServerResponse, status: number, body: unknown) {
  const s = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(s) });
  res.end(s);
}

const textOf = (content: unknown): string => {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => {
        const part = p as { type?: string; text?: string; content?: unknown };
        if (part.type === "text" && typeof part.text === "string") return part.text;
        if (part.type === "tool_result") return textOf(part.content);
        return "";
      })
      .join("");
  }
  return content == null ? "" : JSON.stringify(content);
};

function parseOpenAI(b: Record<string, unknown>) {
  const messages: ChatMessage[] = ((b.messages as Record<string, unknown>[]) ?? []).map((m) => ({
    role: m.role as ChatMessage["role"],
    content: textOf(m.content),
    ...(Array.isArray(m.tool_calls)
      ? {
          toolCalls: (m.tool_calls as { id: string; function: { name: string; arguments: string } }[]).map(
            (c) => ({
              id: c.id,
              name: c.function.name,
              args: safeJson(c.function.arguments),
            }),
          ),
        }
      : {}),
    ...(typeof m.tool_call_id === "string" ? { toolCallId: m.tool_call_id } : {}),
  }));
  const tools = (
    (b.tools as { function: { name: string; description?: string; parameters: unknown } }[]) ?? []
  ).map((t) => ({
    name: t.function.name,
    description: t.function.description,
    parameters: t.function.parameters,
  }));
  return {
    model: String(b.model ?? ""),
    stream: b.stream === true,
    messages,
    tools,
    temperature: typeof b.temperature === "number" ? b.temperature : undefined,
    maxTokens:
      typeof b.max_tokens === "number"
        ? b.max_tokens
        : typeof b.max_completion_tokens === "number"
          ? b.max_completion_tokens
          : undefined,
  };
}

function parseAnthropic(b: Record<string, unknown>) {
  const messages: ChatMessage[] = [];
  if (b.system) messages.push({ role: "system", content: textOf(b.system) });
  for (const m of (b.messages as { role: string; content: unknown }[]) ?? []) {
    const parts = Array.isArray(m.content) ? (m.content as Record<string, unknown>[]) : null;
    const results = parts?.filter((p) => p.type === "tool_result") ?? [];
    for (const r of results) {
      messages.push({ role: "tool", content: textOf(r.content), toolCallId: String(r.tool_use_id) });
    }
    const uses = parts?.filter((p) => p.type === "tool_use") ?? [];
    const text = parts ? textOf(parts.filter((p) => p.type === "text")) : textOf(m.content);
    if (text || uses.length || !results.length) {
      messages.push({
        role: m.role as ChatMessage["role"],
        content: text,
        ...(uses.length
          ? { toolCalls: uses.map((u) => ({ id: String(u.id), name: String(u.name), args: u.input })) }
          : {}),
      });
    }
  }
  const tools = ((b.tools as { name: string; description?: string; input_schema: unknown }[]) ?? []).map(
    (t) => ({
      name: t.name,
      description: t.description,
      parameters: t.input_schema,
    }),
  );
  return {
    model: String(b.model ?? ""),
    stream: b.stream === true,
    messages,
    tools,
    temperature: typeof b.temperature === "number" ? b.temperature : undefined,
    maxTokens: typeof b.max_tokens === "number" ? b.max_tokens : undefined,
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

const usageOf = (req: ChatRequest, text: string) => ({
  input: Math.max(1, Math.ceil(req.messages.reduce((n, m) => n + m.content.length, 0) / 4)),
  output: Math.max(1, Math.ceil(text.length / 4)),
});

function openAIReply(res: ServerResponse, req: ChatRequest, id: number, text: string, calls: Call[]) {
  const created = Math.floor(Date.now() / 1000);
  const finish = calls.length ? "tool_calls" : "stop";
  const u = usageOf(req, text);
  const usage = { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output };
  const toolCalls = calls.map((c) => ({
    id: c.id,
    type: "function",
    function: { name: c.name, arguments: JSON.stringify(c.args ?? {}) },
  }));
  if (!req.stream) {
    return json(res, 200, {
      id: `chatcmpl-${id}`,
      object: "chat.completion",
      created,
      model: req.model,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: text || null,
            ...(calls.length ? { tool_calls: toolCalls } : {}),
          },
          finish_reason: finish,
        },
      ],
      usage,
    });
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (delta: unknown, finish_reason: string | null = null, extra: object = {}) =>
    res.write(
      `data: ${JSON.stringify({ id: `chatcmpl-${id}`, object: "chat.completion.chunk", created, model: req.model, choices: [{ index: 0, delta, finish_reason }], ...extra })}\n\n`,
    );
  chunk({ role: "assistant", content: "" });
  // Text in two pieces, tool arguments in two pieces: clients must join deltas.
  if (text) {
    const mid = Math.ceil(text.length / 2);
    chunk({ content: text.slice(0, mid) });
    if (text.length > mid) chunk({ content: text.slice(mid) });
  }
  calls.forEach((c, index) => {
    const args = JSON.stringify(c.args ?? {});
    const mid = Math.ceil(args.length / 2);
    chunk({
      tool_calls: [
        { index, id: c.id, type: "function", function: { name: c.name, arguments: args.slice(0, mid) } },
      ],
    });
    chunk({ tool_calls: [{ index, function: { arguments: args.slice(mid) } }] });
  });
  chunk({}, finish, { usage });
  res.end("data: [DONE]\n\n");
}

function anthropicReply(res: ServerResponse, req: ChatRequest, id: number, text: string, calls: Call[]) {
  const stop = calls.length ? "tool_use" : "end_turn";
  const u = usageOf(req, text);
  const content = [
    ...(text ? [{ type: "text", text }] : []),
    ...calls.map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: c.args ?? {} })),
  ];
  const message = {
    id: `msg_${id}`,
    type: "message",
    role: "assistant",
    model: req.model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: { input_tokens: u.input, output_tokens: u.output },
  };
  if (!req.stream) return json(res, 200, message);
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const event = (type: string, data: object) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event("message_start", {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      usage: { input_tokens: u.input, output_tokens: 0 },
    },
  });
  content.forEach((block, index) => {
    if (block.type === "text") {
      event("content_block_start", { index, content_block: { type: "text", text: "" } });
      event("content_block_delta", { index, delta: { type: "text_delta", text } });
    } else {
      const b = block as { id: string; name: string; input: unknown };
      event("content_block_start", {
        index,
        content_block: { type: "tool_use", id: b.id, name: b.name, input: {} },
      });
      event("content_block_delta", {
        index,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(b.input) },
      });
    }
    event("content_block_stop", { index });
  });
  event("message_delta", {
    delta: { stop_reason: stop, stop_sequence: null },
    usage: { output_tokens: u.output },
  });
  event("message_stop", {});
  res.end();
}
