import { handleProxy } from "@/lib/proxy/router";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ version: string; path: string[] }> };
const handler = async (req: Request, { params }: Ctx) => {
  const { version, path } = await params;
  return handleProxy(req, version, path);
};

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST };
