import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { getWorkflow, getWorkflowSummary, listWorkflows } from "@/lib/workflows/data";
import { createWorkflowFromApi, triggerFieldsFrom, updateWorkflowFromApi } from "@/lib/workflows/platform";
import {
  createTriggerBody,
  createWorkflowBody,
  listWorkflowsQuery,
  triggerJson,
  updateTriggerBody,
  updateWorkflowBody,
  workflowJson,
} from "@/lib/workflows/platform-schema";
import { createTrigger, deleteTrigger, listTriggers, setTriggerActive } from "@/lib/workflows/triggers";
import { data, id, noContent, pageMeta, triggerJsonSchema, workflowJsonSchema } from "./schemas";

// Kapso's workflows API (kapso-spec §3.6, §3.7, §6.2).

const api = { auth: "apiKey", errorShape: "kapso", tag: "Workflows" } as const;
/** Workflow definitions are the largest bodies the APIs take. */
const DEFINITION_LIMIT = 4 * 1024 * 1024;
const workflowParams = z.object({ workflowId: id });

export const workflows = resource("/platform/v1/workflows", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "List workflows, page by page",
      query: listWorkflowsQuery,
      response: z.object({ data: z.array(workflowJsonSchema), meta: pageMeta }),
    },
    async (ctx) => {
      const q = ctx.query;
      const { items, totalCount } = await listWorkflows(
        platformContext(ctx).projectId,
        {
          search: q.name,
          status: q.status ? (q.status.toUpperCase() as "DRAFT" | "ACTIVE" | "ARCHIVED") : "ALL",
        },
        { page: q.page, perPage: q.per_page },
      );
      return {
        data: items.map(workflowJson),
        meta: {
          page: q.page,
          per_page: q.per_page,
          total_pages: Math.ceil(totalCount / q.per_page),
          total_count: totalCount,
        },
      };
    },
  ),
  POST: defineRoute(
    {
      ...api,
      summary: "Create a workflow",
      body: createWorkflowBody,
      bodyLimit: DEFINITION_LIMIT,
      status: 201,
      response: data(workflowJsonSchema),
    },
    async (ctx) => {
      const { scope, actor } = platformContext(ctx);
      return { data: workflowJson(await createWorkflowFromApi(scope, actor, ctx.body)) };
    },
  ),
});

export const workflow = resource("/platform/v1/workflows/{workflowId}", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "Get a workflow with its definition",
      params: workflowParams,
      response: data(workflowJsonSchema),
    },
    async (ctx) => ({
      data: workflowJson(await getWorkflow(platformContext(ctx).projectId, ctx.params.workflowId)),
    }),
  ),
  PATCH: defineRoute(
    {
      ...api,
      summary: "Change name, description, definition or status (lock_version guards against overwrites)",
      params: workflowParams,
      body: updateWorkflowBody,
      bodyLimit: DEFINITION_LIMIT,
      response: data(workflowJsonSchema),
    },
    async (ctx) => {
      const { scope, actor } = platformContext(ctx);
      const { workflowId } = ctx.params;
      return {
        data: workflowJson(await updateWorkflowFromApi(scope, actor, { workflowId, body: ctx.body })),
      };
    },
  ),
});

export const workflowDefinition = resource("/platform/v1/workflows/{workflowId}/definition", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "The workflow's graph alone, with its lock_version",
      params: workflowParams,
      response: data(
        z.object({
          workflow_id: z.string(),
          lock_version: z.number().int(),
          definition: z.record(z.string(), z.unknown()),
        }),
      ),
    },
    async (ctx) => {
      const w = await getWorkflow(platformContext(ctx).projectId, ctx.params.workflowId);
      return { data: { workflow_id: w.id, lock_version: w.version, definition: w.definition } };
    },
  ),
});

export const workflowTriggers = resource("/platform/v1/workflows/{workflowId}/triggers", "Triggers", {
  GET: defineRoute(
    {
      ...api,
      tag: "Triggers",
      summary: "List a workflow's triggers",
      params: workflowParams,
      response: data(z.array(triggerJsonSchema)),
    },
    async (ctx) => {
      const { projectId } = platformContext(ctx);
      await getWorkflowSummary(projectId, ctx.params.workflowId); // 404 for another project's workflow
      return { data: (await listTriggers(projectId, ctx.params.workflowId)).map(triggerJson) };
    },
  ),
  POST: defineRoute(
    {
      ...api,
      tag: "Triggers",
      summary: "Add a trigger",
      params: workflowParams,
      body: createTriggerBody,
      status: 201,
      response: data(triggerJsonSchema),
    },
    async (ctx) => {
      const { scope, actor } = platformContext(ctx);
      const { workflowId } = ctx.params;
      await getWorkflowSummary(scope.projectId, workflowId); // 404 before a 422 about the number
      const trigger = await triggerFieldsFrom(scope, ctx.body);
      return {
        data: triggerJson(
          await createTrigger(scope, actor, { workflowId, trigger, numberField: "phone_number_id" }),
        ),
      };
    },
  ),
});

/** Shared by /workflows/{workflowId}/triggers/{triggerId} (which also checks the workflow) and /triggers/{triggerId}. */
function triggerItem(
  path: string,
  params: z.ZodObject<{ triggerId: z.ZodString; workflowId?: z.ZodString }>,
) {
  return resource(path, "Triggers", {
    PATCH: defineRoute(
      {
        ...api,
        tag: "Triggers",
        summary: "Turn a trigger on or off (active is the only field that changes)",
        params,
        body: updateTriggerBody,
        response: data(triggerJsonSchema),
      },
      async (ctx) => {
        const p = ctx.params as { triggerId: string; workflowId?: string };
        const { scope, actor } = platformContext(ctx);
        const t = await setTriggerActive(scope, actor, {
          triggerId: p.triggerId,
          active: ctx.body.active,
          workflowId: p.workflowId,
        });
        return { data: triggerJson(t) };
      },
    ),
    DELETE: defineRoute(
      { ...api, tag: "Triggers", summary: "Delete a trigger", params, status: 204, response: noContent },
      async (ctx) => {
        const p = ctx.params as { triggerId: string; workflowId?: string };
        const { scope, actor } = platformContext(ctx);
        await deleteTrigger(scope, actor, { triggerId: p.triggerId, workflowId: p.workflowId });
        return new Response(null, { status: 204 });
      },
    ),
  });
}

export const workflowTrigger = triggerItem(
  "/platform/v1/workflows/{workflowId}/triggers/{triggerId}",
  z.object({ workflowId: id, triggerId: id }),
);
export const trigger = triggerItem("/platform/v1/triggers/{triggerId}", z.object({ triggerId: id }));
