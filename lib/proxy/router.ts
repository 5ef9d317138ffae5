import type { ProjectId } from "@/lib/auth/project-id";
import type { InboxAccess } from "@/lib/auth/scope";
import {
  getContact,
  getConversation,
  getMessage,
  listContacts,
  listConversations,
  listMessages,
} from "@/lib/conversations/kapso-data";
import { setConversationStatus } from "@/lib/conversations/mutations";
import { AppError, parseOrThrow, toPublicError } from "@/lib/errors";
import { readBodyLimited } from "@/lib/http/body";
import { defineRoute, methods } from "@/lib/http/define-route";
import { readJson } from "@/lib/http/input";
import { platformContext } from "@/lib/http/resource";
import { contactPatchSchema, updateContact } from "@/lib/messages/contact-mutations";
import { sendMessage } from "@/lib/messages/send";
import { clientFor, GraphError, graphBaseUrl } from "@/lib/meta/client";
import { type NumberWithSecrets, numberByMetaId, projectNumber } from "@/lib/numbers/credentials";
import { wabaNumberInProject } from "@/lib/numbers/data";
import { describeMedia, downloadMedia, mediaDownloadUrl, validDownloadSignature } from "./media";

// Kapso-compatible Meta proxy: /meta/whatsapp/{version}/{phone_number_id | waba_id | media_id}/{edge}.
// Authenticated by a project API key (by the HTTP layer, before any body is read); every id is resolved
// inside that project only. Bodies are read within limits: JSON 1 MB, uploads Meta's largest (100 MB).

const JSON_LIMIT = 1 << 20;
const UPLOAD_LIMIT = 100 * 1024 * 1024 + 64 * 1024;

const graphError = (status: number, message: string, code = status) =>
  Response.json(
    {
      error: {
        message,
        type: status === 401 ? "OAuthException" : "SwitchboardError",
        code,
        error_data: { messaging_product: "whatsapp", details: message },
      },
    },
    { status },
  );

async function numberInProject(projectId: ProjectId, metaId: string): Promise<NumberWithSecrets | null> {
  const n = await numberByMetaId(metaId);
  return n && n.projectId === projectId ? n : null;
}

async function resolveTarget(projectId: ProjectId, id: string, url: URL): Promise<NumberWithSecrets | null> {
  const byNumber = await numberInProject(projectId, id);
  if (byNumber) return byNumber;
  const waba = await wabaNumberInProject(projectId, id);
  if (waba) return projectNumber(projectId, waba);
  // Media ids say nothing about their number: Kapso asks for ?phone_number_id=.
  const pnid = url.searchParams.get("phone_number_id");
  return pnid ? numberInProject(projectId, pnid) : null;
}

/** Forwards a request to Graph (or the simulator) with the number's credentials, answering as it answered. */
async function passThrough(
  req: Request,
  number: NumberWithSecrets,
  version: string,
  path: string[],
  url: URL,
): Promise<Response> {
  const target = new URL(`${graphBaseUrl(number)}/${version}/${path.map(encodeURIComponent).join("/")}`);
  for (const [k, v] of url.searchParams) target.searchParams.append(k, v);
  const headers: Record<string, string> = {};
  const type = req.headers.get("content-type");
  if (type) headers["Content-Type"] = type;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const res = await clientFor(number).fetch(target, {
    method: req.method,
    headers,
    body: hasBody ? await readBodyLimited(req, UPLOAD_LIMIT) : undefined,
  });
  return new Response(res.body, {
    status: res.status,
    headers: { "content-type": res.headers.get("content-type") ?? "application/json" },
  });
}

/** A JSON object body (400 naming the problem otherwise: not JSON, too deep, NUL, not an object…). */
async function jsonObject(req: Request): Promise<Record<string, unknown>> {
  return (await readJson(req, { maxBytes: JSON_LIMIT, object: true })) as Record<string, unknown>;
}

const apiAccess = (projectId: ProjectId, apiKeyId: string, number?: NumberWithSecrets): InboxAccess => ({
  projectId,
  actor: { kind: "apiKey", apiKeyId },
  ...(number ? { numberIds: [number.id] } : {}),
});

/** A signed media download link works without the key (see ./media.ts); anything else needs it. */
async function signedDownload(path: string[], url: URL): Promise<Response | null> {
  const [mediaId, edge, ...rest] = path;
  const pnid = url.searchParams.get("phone_number_id");
  if (!mediaId || edge !== "download" || rest.length > 0 || !pnid || !url.searchParams.has("sig"))
    return null;
  const number = await numberByMetaId(pnid);
  if (!number || !validDownloadSignature(number, mediaId, url)) return null;
  return downloadMedia(number.projectId, number, mediaId);
}

async function proxy(
  auth: { projectId: ProjectId; keyId: string },
  req: Request,
  version: string,
  path: string[],
): Promise<Response> {
  try {
    const url = new URL(req.url);
    if (!/^v\d+\.\d+$/.test(version)) return graphError(400, `Unknown Graph API version ${version}`, 100);
    const [id, edge, sub, ...rest] = path;
    if (!id) return graphError(404, "Unknown path", 100);
    const project = apiAccess(auth.projectId, auth.keyId);
    if (id === "conversations" && edge && !sub) {
      if (req.method === "GET") return Response.json(await getConversation(project, edge));
      if (req.method === "PATCH") {
        const body = await jsonObject(req);
        const status = body.status ?? (body.conversation as { status?: unknown } | undefined)?.status;
        if (status !== "active" && status !== "ended")
          throw new AppError("validation", "status must be active or ended", {
            fields: { status: "active|ended" },
          });
        await setConversationStatus(project, project.actor, {
          conversationId: edge,
          status: status === "active" ? "ACTIVE" : "ENDED",
        });
        return Response.json({ success: true });
      }
    }
    const number = await resolveTarget(auth.projectId, id, url);
    if (!number)
      return graphError(
        404,
        `Object with ID '${id}' does not exist in this project, or the API key cannot reach it`,
        100,
      );
    const access = apiAccess(auth.projectId, auth.keyId, number);
    const mediaUrl = (mediaId: unknown) =>
      typeof mediaId === "string" && /^[\w.-]{1,128}$/.test(mediaId)
        ? mediaDownloadUrl(number, mediaId, version)
        : null;

    const isNumberPath = id === number.phoneNumberId;
    if (isNumberPath && edge === "messages" && rest.length === 0) {
      if (req.method === "GET")
        return Response.json(
          sub
            ? await getMessage(access, number, sub, url, mediaUrl)
            : await listMessages(access, number, url, mediaUrl),
        );
      if (req.method === "POST" && !sub) {
        const body = await jsonObject(req);
        if (body.status === "read")
          return passThrough(
            new Request(req.url, { method: "POST", headers: req.headers, body: JSON.stringify(body) }),
            number,
            version,
            path,
            url,
          );
        // Like Meta: a free-form message outside the 24-hour window is accepted and then fails with
        // 131047 by status webhook (the dashboard's composer refuses it up front instead).
        const sent = await sendMessage(number, body, "API", { refuseOutsideWindow: false });
        return Response.json(sent.response);
      }
    }
    if (isNumberPath && edge === "conversations" && req.method === "GET" && !sub)
      return Response.json(await listConversations(access, url, { numberId: number.id }));
    if (isNumberPath && edge === "contacts" && rest.length === 0) {
      if (req.method === "GET" && !sub) return Response.json(await listContacts(access, number.id, url));
      if (req.method === "GET" && sub) return Response.json(await getContact(access, number.id, sub));
      if (req.method === "PATCH" && sub) {
        const body = await jsonObject(req);
        if (!body) return graphError(400, "Request body must be a JSON object", 100);
        const found = await updateContact(access, access.actor, {
          waId: sub,
          changes: parseOrThrow(contactPatchSchema, body),
        });
        if (!found) throw new AppError("not_found", `Contact ${sub} was not found for this number`);
        return Response.json({ success: true });
      }
    }
    if (!isNumberPath && id !== number.wabaId && req.method === "GET") {
      if (edge === "download" && !sub) return await downloadMedia(auth.projectId, number, id);
      if (!edge) return Response.json(await describeMedia(number, id, version));
    }
    return passThrough(req, number, version, path, url);
  } catch (e) {
    if (e instanceof GraphError) {
      if (e.body) return Response.json(e.body, { status: e.problem.httpStatus });
      return graphError(e.problem.status, e.problem.action, e.problem.code);
    }
    const err = e instanceof AppError ? e : toPublicError(e, "meta proxy");
    return graphError(
      err.status,
      err.message,
      err.status === 409 ? 409 : err.status === 422 ? 100 : err.status,
    );
  }
}

/** /meta/whatsapp/{version}/{...path}, every method, behind a project API key. */
const proxyRoute = defineRoute(
  { auth: "apiKey", errorShape: "graph", rawBody: true },
  ({ req, params, ...ctx }) => {
    const { projectId, apiKeyId } = platformContext({ req, params, ...ctx });
    const version = typeof params.version === "string" ? params.version : "";
    return proxy({ projectId, keyId: apiKeyId }, req, version, Array.isArray(params.path) ? params.path : []);
  },
);

/** GET also serves signed media download links, which work without the key (see ./media.ts). */
const getRoute = defineRoute({ auth: "public", errorShape: "graph" }, async ({ req, params }) => {
  const path = Array.isArray(params.path) ? params.path : [];
  return (await signedDownload(path, new URL(req.url))) ?? proxyRoute.run(req, params);
});

export const metaProxy = methods(
  { GET: getRoute, POST: proxyRoute, PATCH: proxyRoute, DELETE: proxyRoute },
  "graph",
);

/** For tests and local tools: the proxy as the route file serves it. */
export function handleProxy(req: Request, version: string, path: string[]): Promise<Response> {
  return (req.method === "GET" ? getRoute : proxyRoute).run(req, { version, path });
}
