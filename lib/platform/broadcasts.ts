import { z } from "zod";
import { getBroadcast, listBroadcasts, listRecipients } from "@/lib/broadcasts/data";
import {
  addRecipients,
  cancelBroadcast,
  createBroadcast,
  scheduleBroadcast,
  sendBroadcast,
} from "@/lib/broadcasts/mutations";
import {
  broadcastJson,
  createBroadcastBody,
  recipientJson,
  recipientsBody,
  recipientsQuery,
  scheduleBody,
  toPlatformBroadcast,
  toPlatformRecipient,
} from "@/lib/broadcasts/platform";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { pageOf, pageQuery } from "./customers";
import { data, id, pageMeta } from "./schemas";

// Kapso's broadcasts (alpha): create → add recipients → send (or schedule); kapso-spec §5.4.

const api = { auth: "apiKey", errorShape: "kapso", tag: "Broadcasts" } as const;
const byId = z.object({ broadcastId: id });

export const broadcasts = resource("/platform/v1/whatsapp/broadcasts", api.tag, {
  GET: defineRoute(
    {
      ...api,
      summary: "List broadcasts, most recent first",
      query: pageQuery,
      response: z.object({ data: z.array(broadcastJson), meta: pageMeta }),
    },
    async (ctx) => {
      const { page, per_page } = ctx.query;
      const r = await listBroadcasts(platformContext(ctx).projectId, { page, perPage: per_page });
      return { data: r.items.map(toPlatformBroadcast), meta: pageOf(page, per_page, r.totalCount) };
    },
  ),
  POST: defineRoute(
    {
      ...api,
      summary: "Create a broadcast (draft) for a number and an approved template",
      body: createBroadcastBody,
      status: 201,
      response: data(broadcastJson),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const b = ctx.body.whatsapp_broadcast;
      const created = await createBroadcast(p.scope, p.actor, {
        name: b.name,
        numberId: b.phone_number_id,
        templateId: b.whatsapp_template_id,
      });
      return { data: toPlatformBroadcast(created) };
    },
  ),
});

export const broadcast = resource("/platform/v1/whatsapp/broadcasts/{broadcastId}", api.tag, {
  GET: defineRoute(
    { ...api, summary: "Get a broadcast with its progress", params: byId, response: data(broadcastJson) },
    async (ctx) => ({
      data: toPlatformBroadcast(await getBroadcast(platformContext(ctx).projectId, ctx.params.broadcastId)),
    }),
  ),
});

export const broadcastRecipients = resource(
  "/platform/v1/whatsapp/broadcasts/{broadcastId}/recipients",
  api.tag,
  {
    GET: defineRoute(
      {
        ...api,
        summary: "List recipients with their delivery status",
        params: byId,
        query: recipientsQuery,
        response: z.object({ data: z.array(recipientJson), meta: pageMeta }),
      },
      async (ctx) => {
        const { page, per_page, status } = ctx.query;
        const r = await listRecipients(platformContext(ctx).projectId, ctx.params.broadcastId, {
          filter: status,
          page,
          perPage: per_page,
        });
        return { data: r.items.map(toPlatformRecipient), meta: pageOf(page, per_page, r.totalCount) };
      },
    ),
    POST: defineRoute(
      {
        ...api,
        summary: "Add up to 1,000 recipients to a draft or scheduled broadcast",
        description:
          "Each recipient is a phone number with its template parameters in Meta's component syntax (or `parameters`, the body's texts in order). Numbers already on the broadcast count as duplicates; invalid ones are listed in errors with their index.",
        params: byId,
        body: recipientsBody,
        response: z.object({
          data: z.object({
            added: z.number().int(),
            duplicates: z.number().int(),
            errors: z.array(
              z.object({ index: z.number().int(), phone_number: z.string().nullable(), error: z.string() }),
            ),
          }),
        }),
      },
      async (ctx) => {
        const p = platformContext(ctx);
        const r = await addRecipients(p.scope, p.actor, {
          broadcastId: ctx.params.broadcastId,
          recipients: ctx.body.recipients,
        });
        return { data: r };
      },
    ),
  },
);

const action = (
  path: string,
  summary: string,
  run: (
    p: ReturnType<typeof platformContext>,
    broadcastId: string,
    body: unknown,
  ) => Promise<Parameters<typeof toPlatformBroadcast>[0]>,
  body?: z.ZodType,
) =>
  resource(`/platform/v1/whatsapp/broadcasts/{broadcastId}/${path}`, api.tag, {
    POST: defineRoute(
      { ...api, summary, params: byId, ...(body ? { body } : {}), response: data(broadcastJson) },
      async (ctx) => ({
        data: toPlatformBroadcast(await run(platformContext(ctx), ctx.params.broadcastId, ctx.body)),
      }),
    ),
  });

export const broadcastSend = action(
  "send",
  "Start sending now (asynchronous: follow progress with GET)",
  (p, broadcastId) => sendBroadcast(p.scope, p.actor, { broadcastId }),
);
export const broadcastSchedule = action(
  "schedule",
  "Schedule a draft to start at scheduled_at (up to 7 days ahead)",
  (p, broadcastId, body) =>
    scheduleBroadcast(p.scope, p.actor, {
      broadcastId,
      scheduledAt: new Date((body as z.infer<typeof scheduleBody>).scheduled_at),
    }),
  scheduleBody,
);
export const broadcastCancel = action(
  "cancel",
  "Cancel: a scheduled broadcast returns to draft; a sending one stops and skips its unsent recipients",
  (p, broadcastId) => cancelBroadcast(p.scope, p.actor, { broadcastId }),
);
