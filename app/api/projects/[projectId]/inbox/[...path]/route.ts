import { authorizeProject } from "@/lib/auth/session";
import { dispatchInbox } from "@/lib/inbox/router";
import "@/lib/inbox/routes";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ projectId: string; path: string[] }> };

// The dashboard's door to the inbox API: a project member's session.
const handler = async (req: Request, { params }: Ctx) => {
  const { projectId, path } = await params;
  return dispatchInbox(
    async () => {
      const ctx = await authorizeProject({ id: projectId });
      return { projectId: ctx.projectId, actor: { kind: "user", userId: ctx.user.id } };
    },
    req,
    path,
  );
};

export { handler as GET, handler as PATCH, handler as POST };
