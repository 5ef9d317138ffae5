import { platformRoute, readBody, readQuery } from "@/lib/http/platform";
import { listWorkflows } from "@/lib/workflows/data";
import { createWorkflowFromApi } from "@/lib/workflows/platform";
import {
  actorFromKey,
  createWorkflowBody,
  listWorkflowsQuery,
  workflowJson,
} from "@/lib/workflows/platform-schema";

// GET /platform/v1/workflows?page&per_page&status&name: page-based list (Kapso `meta`).
export const GET = platformRoute(async (ctx, req) => {
  const q = readQuery(req, listWorkflowsQuery);
  const { items, totalCount } = await listWorkflows(
    ctx.projectId,
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
});

// POST /platform/v1/workflows  { workflow: { name, description?, definition?, status? } }
export const POST = platformRoute(async (ctx, req) => {
  const body = await readBody(req, createWorkflowBody);
  const created = await createWorkflowFromApi(actorFromKey(ctx), body);
  return { data: workflowJson(created), status: 201 };
});
