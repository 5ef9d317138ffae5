import { z } from "zod";
import { getAssignment, listAssignments } from "@/lib/conversations/assignment-data";
import { parseTime } from "@/lib/conversations/paging";
import { DATE_RANGE_MESSAGE } from "@/lib/dates";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import {
  createAssignment,
  getPlatformConversation,
  listProjectConversations,
  listUsers,
  patchAssignment,
  patchConversation,
} from "@/lib/inbox/platform";
import { assignmentJson, conversationJson, cursorPaging, data, id, pageMeta, userJson } from "./schemas";

// Kapso's Platform API for conversations, assignments and users, over the inbox's rules.

const api = { auth: "apiKey", errorShape: "kapso" } as const;

/** ISO date or Unix seconds, inside what the database can hold. */
const time = (name: string) =>
  z
    .string()
    .max(40)
    .refine((v) => parseTime(v) !== null, `${name} ${DATE_RANGE_MESSAGE} (ISO 8601 or Unix seconds)`)
    .optional();
const cursor = z.string().max(400).optional();

const listQuery = z.object({
  limit: z.string().max(4).optional().describe("1–100, default 20"),
  after: cursor,
  before: cursor,
  status: z.enum(["active", "ended"]).optional(),
  phone_number_id: z.string().max(64).optional(),
  phone_number: z.string().max(32).optional(),
  assigned_user_id: z.string().max(64).optional(),
  unassigned: z.enum(["true", "false"]).optional(),
  last_active_since: time("last_active_since"),
  last_active_until: time("last_active_until"),
});
const pageQuery = z.object({
  page: z.string().max(10).optional().describe("from 1"),
  per_page: z.string().max(4).optional().describe("1–100, default 20"),
});

const conversationParams = z.object({ conversationId: id });
const assignmentParams = z.object({ conversationId: id, assignmentId: id });

const statusBody = z.object({
  whatsapp_conversation: z.object({
    status: z.enum(["active", "ended"], { message: "status must be active or ended" }),
  }),
});
const createBody = z.object({
  assignment: z.object({
    user_id: z.string({ message: "user_id is required" }).min(1, "user_id is required").max(64),
    notes: z.string().max(500).nullish(),
  }),
});
const patchBody = z.object({
  assignment: z.object({
    user_id: z.string().min(1).max(64).optional(),
    notes: z.string().max(500).nullish(),
    active: z.boolean({ message: "active must be true or false" }).optional(),
  }),
});

export const conversations = resource("/platform/v1/whatsapp/conversations", "Conversations", {
  GET: defineRoute(
    {
      ...api,
      summary: "List conversations across the project's numbers, newest activity first",
      query: listQuery,
      response: z.object({ data: z.array(conversationJson), paging: cursorPaging }),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      return listProjectConversations(p.projectId, p.apiKeyId, ctx.url);
    },
  ),
});

export const conversation = resource(
  "/platform/v1/whatsapp/conversations/{conversationId}",
  "Conversations",
  {
    GET: defineRoute(
      { ...api, summary: "Get a conversation", params: conversationParams, response: conversationJson },
      async (ctx) => {
        const p = platformContext(ctx);
        return getPlatformConversation(p.projectId, p.apiKeyId, ctx.params.conversationId);
      },
    ),
    PATCH: defineRoute(
      {
        ...api,
        summary: "End or reopen a conversation",
        params: conversationParams,
        body: statusBody,
        response: conversationJson,
      },
      async (ctx) => {
        const { scope, actor } = platformContext(ctx);
        return patchConversation(scope, actor, { conversationId: ctx.params.conversationId, body: ctx.body });
      },
    ),
  },
);

export const assignments = resource(
  "/platform/v1/whatsapp/conversations/{conversationId}/assignments",
  "Assignments",
  {
    GET: defineRoute(
      {
        ...api,
        summary: "List a conversation's assignments, most recent first",
        params: conversationParams,
        query: pageQuery,
        response: z.object({ data: z.array(assignmentJson), meta: pageMeta }),
      },
      async (ctx) => listAssignments(platformContext(ctx).projectId, ctx.params.conversationId, ctx.url),
    ),
    POST: defineRoute(
      {
        ...api,
        summary: "Assign the conversation (ends the previous active assignment)",
        params: conversationParams,
        body: createBody,
        status: 201,
        response: data(assignmentJson),
      },
      async (ctx) => {
        const { scope, actor } = platformContext(ctx);
        return createAssignment(scope, actor, { conversationId: ctx.params.conversationId, body: ctx.body });
      },
    ),
  },
);

export const assignment = resource(
  "/platform/v1/whatsapp/conversations/{conversationId}/assignments/{assignmentId}",
  "Assignments",
  {
    GET: defineRoute(
      { ...api, summary: "Get an assignment", params: assignmentParams, response: data(assignmentJson) },
      async (ctx) =>
        getAssignment(platformContext(ctx).projectId, ctx.params.conversationId, ctx.params.assignmentId),
    ),
    PATCH: defineRoute(
      {
        ...api,
        summary: "Unassign (active: false), reassign (user_id) or edit the note",
        params: assignmentParams,
        body: patchBody,
        response: data(assignmentJson),
      },
      async (ctx) => {
        const { scope, actor } = platformContext(ctx);
        return patchAssignment(scope, actor, {
          conversationId: ctx.params.conversationId,
          assignmentId: ctx.params.assignmentId,
          body: ctx.body,
        });
      },
    ),
  },
);

export const users = resource("/platform/v1/users", "Users", {
  GET: defineRoute(
    { ...api, summary: "The project's team, for assignment pickers", response: data(z.array(userJson)) },
    async (ctx) => listUsers(platformContext(ctx).projectId),
  ),
});
