import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { getThread } from "@/lib/inbox/data";

export const GET = withSession({ query: z.object({}) }, async (ctx, _q, req) => {
  const conversationId = new URL(req.url).pathname.split("/").at(-2) ?? "";
  return getThread(ctx.projectId, conversationId);
});
