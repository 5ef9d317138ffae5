import { platformRoute } from "@/lib/http/platform";
import { listUsers } from "@/lib/inbox/platform";

export const dynamic = "force-dynamic";

export const GET = platformRoute(async (ctx) => listUsers(ctx.projectId));
