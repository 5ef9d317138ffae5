import { z } from "zod";
import { listAssignments } from "@/lib/conversations/assignment-data";
import { platformRoute, readBody } from "@/lib/http/platform";
import { createAssignment } from "@/lib/inbox/platform";

export const dynamic = "force-dynamic";

type P = { conversationId: string };

export const GET = platformRoute<P>(async (ctx, req, p) =>
  listAssignments(ctx.projectId, p.conversationId, new URL(req.url)),
);
export const POST = platformRoute<P>(async (ctx, req, p) =>
  createAssignment(ctx.projectId, ctx.apiKeyId, p.conversationId, await readBody(req, z.unknown())),
);
