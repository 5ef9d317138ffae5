import type { ProjectContext } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { sendMessage } from "@/lib/messages/send";
import { GraphError } from "@/lib/meta/client";
import { graphAppError } from "@/lib/meta/errors";
import { projectNumber } from "@/lib/numbers/credentials";

async function conversationOf(ctx: ProjectContext, conversationId: string) {
  const c = await db().conversation.findFirst({
    where: { id: conversationId, projectId: ctx.projectId },
    select: { id: true, phoneNumberId: true, contact: { select: { waId: true, bsuid: true } } },
  });
  if (!c) throw new AppError("not_found", "Conversation not found.");
  return c;
}

/** An operator's text reply, through the same send path as the API and workflows. */
export async function sendOperatorText(
  ctx: ProjectContext,
  conversationId: string,
  text: string,
  replyTo?: string,
) {
  const c = await conversationOf(ctx, conversationId);
  const number = await projectNumber(ctx.projectId, c.phoneNumberId);
  if (!number) throw new AppError("not_found", "This conversation's number was removed from the project.");
  try {
    const r = await sendMessage(
      number,
      {
        to: c.contact.waId ?? c.contact.bsuid,
        type: "text",
        text: { body: text, preview_url: true },
        ...(replyTo ? { context: { message_id: replyTo } } : {}),
      },
      "OPERATOR",
    );
    return { messageId: r.messageId };
  } catch (e) {
    if (e instanceof GraphError) throw graphAppError(e.problem);
    throw e;
  }
}

export async function markConversationRead(ctx: ProjectContext, conversationId: string): Promise<void> {
  await db().conversation.updateMany({
    where: { id: conversationId, projectId: ctx.projectId, unreadCount: { gt: 0 } },
    data: { unreadCount: 0 },
  });
}
