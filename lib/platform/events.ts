import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineRoute } from "@/lib/http/define-route";
import { platformContext, resource } from "@/lib/http/resource";
import { emitProjectEvent } from "@/lib/project-events/mutations";
import { EVENT_BODY_LIMIT, projectEventBody } from "@/lib/project-events/schema";
import { data } from "./schemas";

export const projectEvents = resource("/platform/v1/events", "Events", {
  POST: defineRoute(
    {
      auth: "apiKey",
      errorShape: "kapso",
      summary: "Emit a project event (delivered as project.event to webhooks and workflow triggers)",
      description:
        "name: dotted snake_case (^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$), at most 128 characters; at most 25 properties, keys up to 64 characters, string values up to 1,024 bytes; the body at most 8 KB.",
      body: projectEventBody,
      status: 202,
      response: data(z.object({ id: z.string(), name: z.string(), occurred_at: z.string() })),
    },
    async (ctx) => {
      const p = platformContext(ctx);
      const b = ctx.body;
      // Kapso's 8 KB, counted on the event as parsed (the reader's 1 MB limit refuses larger bodies unread).
      if (Buffer.byteLength(JSON.stringify(b)) > EVENT_BODY_LIMIT)
        throw new AppError("too_large", "The event is larger than the 8 KB allowed.");
      const r = await emitProjectEvent(p.scope, {
        name: b.name,
        occurredAt: b.occurred_at ? new Date(b.occurred_at) : undefined,
        conversationId: b.conversation_id,
        properties: b.properties,
      });
      return { data: { id: r.id, name: b.name, occurred_at: r.occurredAt.toISOString() } };
    },
  ),
});
