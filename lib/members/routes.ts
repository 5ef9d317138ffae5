import { z } from "zod";
import { defineRoute, methods } from "@/lib/http/define-route";
import { listMembers } from "./data";

/** GET /api/projects/{projectId}/members: the team, for admins (the members page's refetch). */
export const membersRoute = methods(
  {
    GET: defineRoute(
      {
        auth: "session",
        minRole: "ADMIN",
        errorShape: "dashboard",
        params: z.object({ projectId: z.string().min(1).max(64) }),
      },
      async ({ scope }) => {
        if (!scope) throw new Error("session door without a project scope");
        return listMembers(scope.projectId);
      },
    ),
  },
  "dashboard",
);
