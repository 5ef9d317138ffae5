import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import {
  executionIdFor,
  startExecutionBody,
  startFromApi,
  takeBurstToken,
} from "@/lib/workflows/engine/api-mutations";
import {
  getExecution,
  listConversationExecutions,
  listExecutionEvents,
  listWorkflowExecutions,
  workflowVariablesOf,
} from "@/lib/workflows/engine/execution-data";
import { changeExecutionStatus, resumeExecution } from "@/lib/workflows/engine/parked-mutations";
import { cursorPaging, data, id, isoTime } from "./schemas";

// Kapso's workflow executions API (kapso-spec §3.4–§3.7): start (API trigger), list, read, steer.

const api = { auth: "apiKey", errorShape: "kapso", tag: "Workflow executions" } as const;

const cursor = z.string().max(400).optional();
const listQuery = z.object({
  limit: z.string().max(4).optional().describe("1–100, default 20"),
  after: cursor,
  before: cursor,
  status: z
    .enum(["running", "waiting", "handoff", "ended", "failed"], {
      message: "status must be running, waiting, handoff, ended or failed",
    })
    .optional(),
});
const eventsQuery = z.object({
  limit: z.string().max(4).optional().describe("1–100, default 100"),
  after: z.string().max(40).optional().describe("the last event id of the previous page"),
});

const executionJson = z.object({
  id,
  workflow_id: z.string(),
  workflow_name: z.string(),
  workflow_version: z.number().int(),
  status: z.enum(["running", "waiting", "handoff", "ended", "failed"]),
  tracking_id: z.string(),
  trigger_type: z.string(),
  environment: z.string(),
  observer_mode: z.boolean(),
  whatsapp_conversation_id: z.string().nullable(),
  phone_number: z.string().nullable(),
  parent_execution_id: z.string().nullable(),
  call_depth: z.number().int(),
  current_step: z
    .object({ id: z.string(), node_type: z.string().nullable(), display_name: z.string().nullable() })
    .nullable(),
  variables: z.record(z.string(), z.unknown()),
  context: z.record(z.string(), z.unknown()),
  system: z.record(z.string(), z.unknown()),
  last_user_input: z.string().nullable(),
  step_count: z.number().int(),
  waiting_until: isoTime.nullable(),
  error: z.record(z.string(), z.unknown()).nullable(),
  started_at: isoTime,
  updated_at: isoTime,
  ended_at: isoTime.nullable(),
  duration_ms: z.number(),
});
const eventJson = z.object({
  id: z.string(),
  execution_id: z.string(),
  event_type: z.string(),
  step_id: z.string().nullable(),
  node_type: z.string().nullable(),
  step_count: z.number().int(),
  payload: z.record(z.string(), z.unknown()),
  variables: z.record(z.string(), z.unknown()).nullable(),
  created_at: isoTime,
});

const workflowParams = z.object({ workflowId: id });
const executionParams = z.object({ executionId: id });

const patchBody = z.object({
  workflow_execution: z.object(
    {
      status: z.enum(["ended", "handoff", "waiting"], {
        message: "status must be ended, handoff or waiting",
      }),
    },
    { message: "workflow_execution is required" },
  ),
});
const resumeBody = z.object({
  message: z.string().max(4096).optional().describe("What the wait step receives as the customer's answer"),
  variables: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "variable names are letters, digits and _"),
      z.unknown(),
    )
    .optional(),
});

export const workflowExecutions = resource("/platform/v1/workflows/{workflowId}/executions", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "List a workflow's executions, newest first",
      params: workflowParams,
      query: listQuery,
      response: z.object({ data: z.array(executionJson), paging: cursorPaging }),
    },
    async (ctx) => listWorkflowExecutions(platformContext(ctx).projectId, ctx.params.workflowId, ctx.url),
  ),
  POST: defineRoute(
    {
      ...api,
      summary:
        "Start an execution (API trigger): 202 with a tracking id; active workflows only; burst-limited",
      description: `At most 5 requests per second per API key and workflow; over it: 429 with Retry-After.`,
      params: workflowParams,
      body: startExecutionBody,
      status: 202,
      response: z.object({
        message: z.string(),
        workflow_id: z.string(),
        tracking_id: z.string(),
        execution_id: z.string(),
      }),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const burst = await takeBurstToken(p.apiKeyId, ctx.params.workflowId);
      const headers = {
        "X-Burst-RateLimit-Limit": String(burst.limit),
        "X-Burst-RateLimit-Remaining": String(burst.remaining),
      };
      if (!burst.allowed)
        return Response.json(
          { error: `Rate limit: at most ${burst.limit} executions per second for this API key and workflow` },
          { status: 429, headers: { ...headers, "Retry-After": "1" } },
        );
      const started = await startFromApi(
        p.projectId,
        p.apiKeyId,
        ctx.params.workflowId,
        ctx.body.workflow_execution,
        {
          requestIp: null,
        },
      );
      return Response.json(
        {
          message: "Workflow execution initiated",
          workflow_id: ctx.params.workflowId,
          tracking_id: started.trackingId,
          execution_id: started.id,
        },
        { status: 202, headers },
      );
    },
  ),
});

export const workflowExecution = resource("/platform/v1/workflow_executions/{executionId}", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "Get an execution (by its id or its tracking id)",
      params: executionParams,
      response: data(executionJson),
    },
    async (ctx) => {
      const { projectId } = platformContext(ctx);
      return { data: await getExecution(projectId, await executionIdFor(projectId, ctx.params.executionId)) };
    },
  ),
  PATCH: defineRoute(
    {
      ...api,
      summary: "Change an execution's status by hand: ended, handoff or waiting (others: 422)",
      params: executionParams,
      body: patchBody,
      response: data(executionJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const execId = await executionIdFor(p.projectId, ctx.params.executionId);
      await changeExecutionStatus(p.projectId, execId, ctx.body.workflow_execution.status, {
        apiKeyId: p.apiKeyId,
      });
      return { data: await getExecution(p.projectId, execId) };
    },
  ),
});

export const workflowExecutionResume = resource(
  "/platform/v1/workflow_executions/{executionId}/resume",
  api.tag,
  {
    POST: defineRoute(
      {
        ...api,
        summary:
          "Resume a waiting execution (as if the customer answered) or a handed-off one (back to waiting)",
        params: executionParams,
        body: resumeBody,
        bodyOptional: true,
        response: data(executionJson),
      },
      async (ctx) => {
        const p = platformContext(ctx);
        const execId = await executionIdFor(p.projectId, ctx.params.executionId);
        await resumeExecution(p.projectId, execId, { text: ctx.body?.message, vars: ctx.body?.variables });
        return { data: await getExecution(p.projectId, execId) };
      },
    ),
  },
);

export const workflowExecutionEvents = resource(
  "/platform/v1/workflow_executions/{executionId}/events",
  api.tag,
  {
    GET: defineRoute(
      {
        ...api,
        summary: "An execution's events, oldest first (cursor: after = last event id)",
        params: executionParams,
        query: eventsQuery,
        response: z.object({
          data: z.array(eventJson),
          paging: z.object({ cursors: z.object({ after: z.string() }), next: z.string().optional() }),
        }),
      },
      async (ctx) => {
        const { projectId } = platformContext(ctx);
        return listExecutionEvents(
          projectId,
          await executionIdFor(projectId, ctx.params.executionId),
          ctx.url,
        );
      },
    ),
  },
);

export const conversationExecutions = resource(
  "/platform/v1/whatsapp/conversations/{conversationId}/workflow_executions",
  api.tag,
  {
    GET: defineRoute(
      {
        ...api,
        summary: "The executions that ran in a conversation, newest first",
        params: z.object({ conversationId: id }),
        query: listQuery,
        response: z.object({ data: z.array(executionJson), paging: cursorPaging }),
      },
      async (ctx) =>
        listConversationExecutions(platformContext(ctx).projectId, ctx.params.conversationId, ctx.url),
    ),
  },
);

export const workflowVariables = resource("/platform/v1/workflows/{workflowId}/variables", "Workflows", {
  GET: defineRoute(
    {
      ...api,
      tag: "Workflows",
      summary: "The variables a workflow writes and reads (vars.*)",
      params: workflowParams,
      response: data(
        z.array(
          z.object({ name: z.string(), reference: z.string(), defined: z.boolean(), used: z.boolean() }),
        ),
      ),
    },
    async (ctx) => ({
      data: await workflowVariablesOf(platformContext(ctx).projectId, ctx.params.workflowId),
    }),
  ),
});
