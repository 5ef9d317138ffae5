import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { listMembers } from "@/lib/members/data";

export const GET = withSession({ minRole: "ADMIN", query: z.object({}) }, (ctx) =>
  listMembers(ctx.projectId),
);
