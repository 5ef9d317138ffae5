import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readBodyLimited } from "@/lib/http/body";
import { defineRoute, methods } from "@/lib/http/define-route";
import { readJson as readJsonBody } from "@/lib/http/input";
import * as assets from "./assets";
import { SandboxGraphError } from "./graph-error";
import { numberDto, requestDisplayName, subscribedApps } from "./number-store";
import { authorizeNumber, authorizeWaba, simulateSend } from "./simulator";
import * as uploads from "./upload-store";

// The simulator's Graph API: /{version}/{id}[/{edge}], answered like graph.facebook.com.

const json = (body: unknown, status = 200) => Response.json(body, { status });
const notFound = (what: string) =>
  new SandboxGraphError(100, "Unsupported request", `Unknown path or method: ${what}`, 400);

/** Graph's JSON bodies are small; media uploads go up to Meta's largest (100 MB documents). */
const JSON_LIMIT = 1 << 20;
const MEDIA_LIMIT = 100 * 1024 * 1024 + 64 * 1024;

/** A JSON body (read only after the caller's token was checked), or `{}` when there is none. */
async function readJson(req: Request): Promise<unknown> {
  try {
    return (await readJsonBody(req, { maxBytes: JSON_LIMIT, object: true, optional: true })) ?? {};
  } catch (e) {
    if (e instanceof AppError && e.status === 400)
      throw new SandboxGraphError(100, "Invalid parameter", e.message);
    throw e;
  }
}

function bearer(req: Request): string | null {
  const h = req.headers.get("authorization") ?? "";
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(h);
  return m?.[1]?.trim() ?? new URL(req.url).searchParams.get("access_token");
}

async function route(req: Request, segments: string[]): Promise<Response> {
  const [version, id, edge, ...rest] = segments;
  if (!version || !/^v\d+\.\d+$/.test(version) || !id) throw notFound(segments.join("/"));
  const method = req.method.toUpperCase();
  const token = bearer(req);
  const q = new URL(req.url).searchParams;
  if (rest.length > 1 || (rest.length === 1 && edge !== "message_templates"))
    throw notFound(segments.join("/"));
  if (edge === "message_templates" && rest[0] && method === "GET") {
    await authorizeWaba(token, id);
    const t = await assets.getTemplate(rest[0]);
    if (!t || t.wabaId !== id)
      throw new SandboxGraphError(100, "Invalid parameter", `Template ${rest[0]} does not exist`, 404);
    const { wabaId: _w, ...dto } = t;
    return json(dto);
  }

  // Resumable upload: the session is opened on the app (in the sandbox, the WABA id), then bytes go to it.
  if (edge === "uploads" && method === "POST") {
    await authorizeWaba(token, id);
    return json(await uploads.openUpload(id, q));
  }
  if (id.startsWith("upload:") && edge === undefined) {
    const session = await uploads.fileById(id.slice("upload:".length));
    if (!session)
      throw new SandboxGraphError(100, "Invalid parameter", `Upload session ${id} does not exist`, 404);
    await authorizeWaba(token, session.wabaId);
    if (method === "GET") return json(await uploads.uploadStatus(id, [session.wabaId]));
    if (method === "POST") {
      const bytes = await readBodyLimited(req, MEDIA_LIMIT, "The upload");
      return json(
        await uploads.uploadBytes(id, [session.wabaId], req.headers.get("file_offset"), Buffer.from(bytes)),
      );
    }
  }
  // A finished upload's bytes (the sandbox's profile_picture_url).
  if (id === "upload-file" && edge && method === "GET") {
    const f = await uploads.fileById(edge);
    if (!f?.handle) throw new SandboxGraphError(100, "Invalid parameter", "File not found", 404);
    await authorizeWaba(token, f.wabaId);
    return new Response(new Uint8Array(f.data), { headers: { "content-type": f.fileType } });
  }
  if (edge === "subscribed_apps" && ["GET", "POST", "DELETE"].includes(method))
    return json(await subscribedApps(await authorizeWaba(token, id), method));

  // Media download URL handed out by GET /{media-id}.
  if (id === "media-download" && edge && method === "GET") {
    const m = await assets.mediaBytes(edge);
    if (!m) throw new SandboxGraphError(100, "Invalid parameter", "Media not found", 404);
    await authorizeNumber(token, m.phoneNumberId);
    return new Response(new Uint8Array(m.data), { headers: { "content-type": m.mimeType } });
  }

  if (edge === "messages" && method === "POST")
    return json(await simulateSend(await authorizeNumber(token, id), await readJson(req)));
  if (edge === "media" && method === "POST") {
    const number = await authorizeNumber(token, id);
    const bytes = await readBodyLimited(req, MEDIA_LIMIT, "The upload");
    const form = await new Response(bytes, {
      headers: { "content-type": req.headers.get("content-type") ?? "" },
    })
      .formData()
      .catch(() => {
        throw new SandboxGraphError(
          100,
          "Invalid parameter",
          "Upload media as multipart/form-data with a file field",
        );
      });
    return json(await assets.uploadMedia(number, form));
  }
  if (edge === "whatsapp_business_profile") {
    const n = await authorizeNumber(token, id);
    if (method === "GET") return json(await assets.getProfile(n));
    if (method === "POST") return json(await assets.updateProfile(n, await readJson(req)));
  }
  if (edge === "message_templates") {
    await authorizeWaba(token, id);
    if (method === "GET") return json(await assets.listTemplates(id, q));
    if (method === "POST") return json(await assets.createTemplate(id, await readJson(req)));
    if (method === "DELETE") return json(await assets.deleteTemplate(id, q));
  }
  if (edge === "phone_numbers" && method === "GET") {
    const numbers = await authorizeWaba(token, id);
    return json({
      data: await Promise.all(numbers.map((n) => numberDto(n))),
      paging: { cursors: { before: "", after: "" } },
    });
  }
  if (edge === undefined) {
    // A phone number, a media object or a template, by id.
    const media = await assets.mediaInfo(id).catch(() => null);
    if (media) {
      await authorizeNumber(token, media.phoneNumberId);
      if (method === "DELETE") return json(await assets.deleteMedia(id));
      return json({
        messaging_product: "whatsapp",
        id,
        url: `${env().INTERNAL_URL}/api/sandbox/graph/${version}/media-download/${id}`,
        mime_type: media.mimeType,
        sha256: media.sha256,
        file_size: media.size,
      });
    }
    if (/^1\d{14}$/.test(id)) {
      const n = await authorizeNumber(token, id);
      if (method === "GET") return json(await numberDto(n));
      if (method === "POST") {
        const b = (await readJson(req)) as Record<string, unknown>;
        return json(await requestDisplayName(n, b.new_display_name ?? q.get("new_display_name")));
      }
    }
    const template = await assets.getTemplate(id);
    if (template) {
      await authorizeWaba(token, template.wabaId);
      const { wabaId: _waba, ...dto } = template;
      if (method === "GET") return json(dto);
      if (method === "POST") return json(await assets.editTemplate(id, await readJson(req)));
    }
  }
  throw notFound(`${method} ${segments.join("/")}`);
}

export async function handleGraph(req: Request, segments: string[]): Promise<Response> {
  try {
    return await route(req, segments);
  } catch (e) {
    // Meta-shaped errors as the simulator raised them; anything else (413, 415…) in Graph's shape by the
    // HTTP layer, unexpected ones logged and answered without internals.
    if (e instanceof SandboxGraphError) return json(e.toBody(), e.httpStatus);
    throw e;
  }
}

/** /api/sandbox/graph/{version}/{id}[/{edge}]: each path authorizes the Graph token it is given. */
export const sandboxGraph = methods(
  {
    GET: defineRoute({ auth: "sandboxToken", errorShape: "graph", rawBody: true }, ({ req, params }) =>
      handleGraph(req, segmentsOf(params)),
    ),
    POST: defineRoute({ auth: "sandboxToken", errorShape: "graph", rawBody: true }, ({ req, params }) =>
      handleGraph(req, segmentsOf(params)),
    ),
    DELETE: defineRoute({ auth: "sandboxToken", errorShape: "graph", rawBody: true }, ({ req, params }) =>
      handleGraph(req, segmentsOf(params)),
    ),
  },
  "graph",
);

function segmentsOf(params: Record<string, string | string[]>): string[] {
  return Array.isArray(params.path) ? params.path : [];
}
