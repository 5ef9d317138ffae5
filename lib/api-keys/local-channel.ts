import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { trustedProjectId } from "@/lib/auth/project-id";
import { projectBySlug } from "@/lib/projects/data";
import { createApiKey } from "./mutations";

// `npm run api-key` while the server runs: the server owns the embedded database, so the CLI asks it,
// over loopback, with the token the server wrote to DATA_DIR/pglite.owner.json (mode 0600). Served by
// server.ts ahead of Next; nothing else reaches it.

export { LOCAL_API_KEY_PATH } from "@/lib/db/pglite-owner";

const bodySchema = z.object({ slug: z.string().min(1).max(100), name: z.string().min(1).max(100) });

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function handleLocalApiKey(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
): Promise<void> {
  if (
    !token ||
    !LOOPBACK.has(req.socket.remoteAddress ?? "") ||
    !sameToken(req.headers["x-local-token"], token)
  ) {
    req.resume();
    return reply(res, 404, { error: "Not found" });
  }
  let raw = "";
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 10_000) return reply(res, 413, { error: "Body too large" });
  }
  let parsed: z.infer<typeof bodySchema>;
  try {
    parsed = bodySchema.parse(JSON.parse(raw));
  } catch {
    return reply(res, 400, { error: 'Expected {"slug", "name"}' });
  }
  const project = await projectBySlug(parsed.slug);
  if (!project) return reply(res, 404, { error: `No project with slug "${parsed.slug}".` });
  const { key } = await createApiKey(
    { projectId: trustedProjectId(project.id) },
    { kind: "system" },
    { name: parsed.name },
  );
  reply(res, 201, { key, project: project.name });
}
