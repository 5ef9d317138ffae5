import { handleGraph } from "@/lib/sandbox/graph-router";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };
const handler = async (req: Request, { params }: Ctx) => handleGraph(req, (await params).path);

export { handler as DELETE, handler as GET, handler as POST };
