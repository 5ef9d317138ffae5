import { z } from "zod";
import { defineRoute, methods } from "@/lib/http/define-route";
import { listMembers } from "@/lib/members/data";

export const { GET, POST, PUT, PATCH, DELETE } = methods(
  {
    GET: defineRoute(
      {
        auth: "session",
        minRole: "ADMIN",
        errorShape: "dashboard",
        params: z.object({ projectId: z.string().max(64) }),
      },
      async (ctx) => listMembers(ctx.project!.projectId),
    ),
  },
  "dashboard",
);
