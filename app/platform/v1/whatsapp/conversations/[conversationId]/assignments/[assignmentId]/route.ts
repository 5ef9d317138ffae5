import { z } from "zod";
import { getAssignment } from "@/lib/conversations/assignment-data";
import { platformRoute, readBody } from "@/lib/http/platform";
import { patchAssignment } from "@/lib/inbox/platform";

export const dynamic = "force-dynamic";

type P = { conversationId: string; assignmentId: string };

export const GET = platformRoute<P>(async (ctx, _req, p) =>
  getAssignment(ctx.projectId, p.conversationId, p.assignmentId),
);
export const PATCH = platformRoute<P>(async (ctx, req, p) =>
  patchAssignment(
    ctx.projectId,
    ctx.apiKeyId,
    p.conversationId,
    p.assignmentId,
    await readBody(req, z.unknown()),
  ),
);
