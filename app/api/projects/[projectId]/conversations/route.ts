import { withSession } from "@/lib/http/route";
import { listInbox } from "@/lib/inbox/data";
import { inboxQuerySchema } from "@/lib/inbox/schema";

export const GET = withSession({ query: inboxQuerySchema }, (ctx, q) =>
  listInbox(ctx.projectId, { status: q.status, cursor: q.cursor }),
);
