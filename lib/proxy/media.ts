import { createHmac, timingSafeEqual } from "node:crypto";
import { GraphApiError } from "@kapso/whatsapp-cloud-api";
import type { ProjectId } from "@/lib/auth/project-id";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readMedia } from "@/lib/media/data";
import { mediaHeaders, sanitiseFilename } from "@/lib/media/files";
import { clientFor, GraphError, graph } from "@/lib/meta/client";
import { explainGraphError } from "@/lib/meta/errors";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";

// Media through the Meta proxy. Graph's `url` for a media id is only good with the number's own token
// (and for the sandbox it is an internal address), so an API-key client could not use it. The proxy
// answers with Kapso's `download_url` instead: an address on this server that serves the file to the
// project's API key, and, for five minutes, to anyone holding the signed link itself (Kapso's SDK
// fetches non-Kapso hosts without its key unless told `auth: "always"`).

const LINK_TTL_S = 300;
/** Meta's largest media (documents). */
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

const sign = (projectId: string, numberId: string, mediaId: string, exp: number) =>
  createHmac("sha256", env().AUTH_SECRET)
    .update(`proxy-media:${projectId}:${numberId}:${mediaId}:${exp}`)
    .digest("base64url");

/** Where an API-key client downloads a media id, signed for a few minutes. */
export function mediaDownloadUrl(
  number: Pick<NumberWithSecrets, "projectId" | "id" | "phoneNumberId">,
  mediaId: string,
  version = env().META_GRAPH_VERSION,
): string {
  const exp = Math.floor(Date.now() / 1000) + LINK_TTL_S;
  const u = new URL(`/meta/whatsapp/${version}/${encodeURIComponent(mediaId)}/download`, env().APP_URL);
  u.searchParams.set("phone_number_id", number.phoneNumberId);
  u.searchParams.set("exp", String(exp));
  u.searchParams.set("sig", sign(number.projectId, number.id, mediaId, exp));
  return u.toString();
}

/** Whether a download link's signature holds for this number and media id, and has not expired. */
export function validDownloadSignature(
  number: Pick<NumberWithSecrets, "projectId" | "id">,
  mediaId: string,
  url: URL,
): boolean {
  const exp = Number(url.searchParams.get("exp"));
  const sig = url.searchParams.get("sig") ?? "";
  if (!Number.isInteger(exp) || exp < Date.now() / 1000 || exp > Date.now() / 1000 + LINK_TTL_S + 5)
    return false;
  const want = Buffer.from(sign(number.projectId, number.id, mediaId, exp));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** GET /{media_id}?phone_number_id=: Graph's answer, with a URL the caller can download. */
export async function describeMedia(number: NumberWithSecrets, mediaId: string, version: string) {
  const info = await graph<Record<string, unknown>>(number, "GET", mediaId, {
    query: { phone_number_id: number.phoneNumberId },
    attempts: 1,
  });
  // Not a media object (say, a template read by id): answered as Graph answered.
  if (typeof info?.url !== "string") return info;
  const url = mediaDownloadUrl(number, mediaId, version);
  return { ...info, url, download_url: url };
}

/**
 * GET /{media_id}/download: the file, from our own store when we keep it (inbound media, operators'
 * attachments), otherwise streamed from Graph with the number's token.
 */
export async function downloadMedia(
  projectId: ProjectId,
  number: NumberWithSecrets,
  mediaId: string,
): Promise<Response> {
  const local = await readMedia(
    { projectId, actor: { kind: "apiKey", apiKeyId: "download" }, numberIds: [number.id] },
    mediaId,
  ).catch(() => null);
  if (local) return new Response(local.stream, { headers: mediaHeaders(local) });
  const info = await graph<{ url?: string; mime_type?: string; file_size?: number }>(number, "GET", mediaId, {
    query: { phone_number_id: number.phoneNumberId },
    attempts: 1,
  });
  if (!info.url) throw new AppError("not_found", `Media ${mediaId} has no download address`);
  if ((info.file_size ?? 0) > MAX_MEDIA_BYTES)
    throw new AppError("validation", "The media is larger than WhatsApp allows", { status: 413 });
  const res = await clientFor(number).fetch(info.url);
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => "");
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {}
    throw new GraphError(number, explainGraphError(GraphApiError.fromResponse(res, json, text)), json);
  }
  const mimeType = info.mime_type ?? res.headers.get("content-type") ?? "application/octet-stream";
  const size = Number(res.headers.get("content-length") ?? info.file_size ?? 0);
  const headers = mediaHeaders({ mimeType, size, filename: sanitiseFilename(null, mediaId, mimeType) });
  if (!size) headers.delete("Content-Length");
  return new Response(res.body, { headers });
}
