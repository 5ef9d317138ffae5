import { z } from "zod";
import type { AgentTool } from "@/lib/models/agent";
import type { ExecuteContext } from "./execute";
import { asArray, str } from "./types";

// The agent step's tools (kapso-spec §3.2): Kapso's default tools that this engine can do, and the HTTP
// tools defined on the node (`flow_agent_webhooks`, called through the egress guard). Each works on the
// turn's state, which the step turns into its outcome when the turn ends.

/** Kapso's default tool names this engine offers; complete_task and handoff_to_human are always on. */
export const DEFAULT_AGENT_TOOLS = [
  "send_notification_to_user",
  "save_variable",
  "get_variable",
  "get_current_datetime",
  "get_execution_metadata",
  "complete_task",
  "handoff_to_human",
  "enter_waiting",
] as const;
const ALWAYS = new Set(["complete_task", "handoff_to_human"]);

export const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What an HTTP tool's answer may put back in front of the model. */
const MAX_TOOL_RESULT = 16_000;

export interface TurnState {
  vars: Record<string, unknown>;
  setVars: Record<string, unknown>;
  /** Messages sent to the customer in this turn (for idempotency keys and the step's detail). */
  sent: { text: string; messageId: string | null; outcome: string }[];
  /** Sends started in this turn (taken before each send, so parallel tool calls get distinct keys). */
  sequence: number;
  completed?: { summary: string | null };
  handoff?: { reason: string | null };
  waiting?: boolean;
  httpCalls: { tool: string; status: number | null; error?: string }[];
}

const clipJson = (v: unknown) => {
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > MAX_TOOL_RESULT ? `${text.slice(0, MAX_TOOL_RESULT)}… (truncated)` : text;
};

/** An HTTP tool's input: the JSON schema given on the node when it is a usable one, else any object. */
function inputSchemaOf(schema: unknown): z.ZodType {
  if (schema && typeof schema === "object" && (schema as { type?: unknown }).type === "object") {
    try {
      return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    } catch {}
  }
  return z.record(z.string(), z.unknown());
}

/**
 * An HTTP tool's URL: the node's URL with each `{{…}}` value URL-encoded (a variable the model saved,
 * the customer's words), and for GET and DELETE the model's arguments as the query, each name and value
 * encoded. What the model or the customer supplies stays one path segment or query value: it cannot
 * climb out of the path, add a query or a fragment, or reach another host.
 */
export function toolUrl(
  template: string,
  ctx: Pick<ExecuteContext, "renderUrl">,
  method: string,
  args: Record<string, unknown>,
): string {
  const url = ctx.renderUrl(template).trim();
  if (method !== "GET" && method !== "DELETE") return url;
  const query = Object.entries(args)
    .map(
      ([k, v]) =>
        `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === "string" ? v : JSON.stringify(v))}`,
    )
    .join("&");
  return query ? url + (url.includes("?") ? "&" : "?") + query : url;
}

export function agentTools(
  config: Record<string, unknown>,
  ctx: ExecuteContext,
  turn: TurnState,
): Record<string, AgentTool> {
  const enabled = Array.isArray(config.enabled_default_tools)
    ? new Set([...config.enabled_default_tools.map(String), ...ALWAYS])
    : new Set<string>(DEFAULT_AGENT_TOOLS);
  const all: Record<string, AgentTool> = {
    send_notification_to_user: {
      description:
        "Send a WhatsApp text message to the customer now (use it to answer them or to tell them what you are doing).",
      inputSchema: z.object({ message: z.string().min(1).max(4096) }),
      async execute(input) {
        const message = ctx.redact((input as { message: string }).message);
        const r = await ctx.send({ type: "text", content: { body: message }, sequence: ++turn.sequence });
        turn.sent.push({ text: message, messageId: r.messageId, outcome: r.outcome });
        return r.skipped ? { sent: false, reason: r.skipped } : { sent: true };
      },
    },
    save_variable: {
      description: "Save a value in a workflow variable (vars.<name>) for later steps.",
      inputSchema: z.object({ name: z.string(), value: z.unknown() }),
      execute(input) {
        const { name, value } = input as { name: string; value: unknown };
        if (!VAR_NAME.test(name))
          throw new Error("name must be letters, digits and _ (not starting with a digit)");
        turn.vars[name] = value ?? null;
        turn.setVars[name] = value ?? null;
        return { saved: name };
      },
    },
    get_variable: {
      description: "Read a workflow variable (vars.<name>); null when it is not set.",
      inputSchema: z.object({ name: z.string() }),
      // A variable may hold a secret (a `${ENV:…}` value set earlier): the model sees it masked.
      execute: (input) => ({ value: ctx.redact(turn.vars[(input as { name: string }).name] ?? null) }),
    },
    get_current_datetime: {
      description: "The current date and time (ISO 8601, UTC).",
      inputSchema: z.object({}),
      execute: () => ({ now: new Date().toISOString() }),
    },
    get_execution_metadata: {
      description: "The workflow's context: the customer's phone number, conversation and workflow name.",
      inputSchema: z.object({}),
      execute: () => ({
        context: ctx.renderDeep({
          phone_number: "{{context.phone_number}}",
          conversation_id: "{{context.conversation_id}}",
          flow_name: "{{system.flow_name}}",
        }),
      }),
    },
    complete_task: {
      description: "The task is done: the workflow goes on to its next step.",
      inputSchema: z.object({ summary: z.string().optional() }),
      endsTurn: true,
      execute(input) {
        turn.completed = { summary: (input as { summary?: string }).summary ?? null };
        return { ok: true };
      },
    },
    handoff_to_human: {
      description: "Hand the conversation over to a person on the team; you stop answering.",
      inputSchema: z.object({ reason: z.string().optional() }),
      endsTurn: true,
      execute(input) {
        turn.handoff = { reason: (input as { reason?: string }).reason ?? null };
        return { ok: true };
      },
    },
    enter_waiting: {
      description: "Wait for the customer's next message before going on.",
      inputSchema: z.object({}),
      endsTurn: true,
      execute() {
        turn.waiting = true;
        return { ok: true };
      },
    },
  };
  const tools: Record<string, AgentTool> = {};
  for (const [name, t] of Object.entries(all)) if (enabled.has(name)) tools[name] = t;

  for (const w of asArray(config.flow_agent_webhooks)) {
    const name = str(w.name);
    if (!TOOL_NAME.test(name) || tools[name]) continue;
    const method = (str(w.http_method) || "POST").toUpperCase();
    tools[name] = {
      description: str(w.description) || `HTTP ${method} ${str(w.url)}`,
      inputSchema: inputSchemaOf(w.body_schema),
      async execute(input) {
        const headers = ctx.renderDeep((w.headers ?? {}) as Record<string, string>);
        const args = (input ?? {}) as Record<string, unknown>;
        const url = toolUrl(str(w.url), ctx, method, args);
        let body: string | undefined;
        if (method !== "GET" && method !== "DELETE") {
          body = str(w.body) ? ctx.render(str(w.body)) : JSON.stringify(args);
          if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
            headers["Content-Type"] = /^\s*[[{]/.test(body) ? "application/json" : "text/plain";
        }
        try {
          const r = await ctx.http({ url, method, headers, body });
          turn.httpCalls.push({ tool: name, status: r.status });
          // An answer may echo what was sent (an Authorization header with a secret): masked for the model.
          return { status: r.status, body: ctx.redact(clipJson(r.body)) };
        } catch (e) {
          turn.httpCalls.push({ tool: name, status: null, error: (e as Error).message });
          throw e;
        }
      },
    };
  }
  return tools;
}
