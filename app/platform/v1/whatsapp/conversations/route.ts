import { platformRoute } from "@/lib/http/platform";
import { listProjectConversations } from "@/lib/inbox/platform";

export const dynamic = "force-dynamic";

export const GET = platformRoute(async (ctx, req) =>
  listProjectConversations(ctx.projectId, ctx.apiKeyId, new URL(req.url)),
);
