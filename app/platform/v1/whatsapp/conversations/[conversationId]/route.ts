import { z } from "zod";
import { platformRoute, readBody } from "@/lib/http/platform";
import { getPlatformConversation, patchConversation } from "@/lib/inbox/platform";

export const dynamic = "force-dynamic";

type P = { conversationId: string };

export const GET = platformRoute<P>(async (ctx, _req, p) =>
  getPlatformConversation(ctx.projectId, ctx.apiKeyId, p.conversationId),
);
export const PATCH = platformRoute<P>(async (ctx, req, p) =>
  patchConversation(ctx.projectId, ctx.apiKeyId, p.conversationId, await readBody(req, z.unknown())),
);
