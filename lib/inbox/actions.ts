"use server";

import { authorizeProject } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import { markConversationRead, sendOperatorText } from "./mutations";
import { conversationRefSchema, sendTextSchema } from "./schema";

export async function sendTextAction(input: unknown) {
  return runAction(
    "sendText",
    sendTextSchema,
    input,
    async ({ projectId, conversationId, text, replyTo }) => {
      const ctx = await authorizeProject({ id: projectId });
      return sendOperatorText(ctx, conversationId, text, replyTo);
    },
  );
}

export async function markConversationReadAction(input: unknown) {
  return runAction(
    "markConversationRead",
    conversationRefSchema,
    input,
    async ({ projectId, conversationId }) => {
      const ctx = await authorizeProject({ id: projectId });
      await markConversationRead(ctx, conversationId);
    },
  );
}
