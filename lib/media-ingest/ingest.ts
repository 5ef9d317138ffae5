import { createHash } from "node:crypto";
import { EgressError, egressFetch } from "@/lib/egress/fetch";
import { AppError } from "@/lib/errors";
import {
  ATTACHMENT_KINDS,
  type AttachmentType,
  checkAttachment,
  formatBytes,
  isAnimatedWebp,
  normaliseMime,
} from "@/lib/inbox/attachment-limits";
import { sanitiseFilename } from "@/lib/media/files";
import { storeMediaFile } from "@/lib/media/store";
import { GraphError } from "@/lib/meta/client";
import { graphAppError } from "@/lib/meta/errors";
import { uploadMediaToGraph } from "@/lib/meta/media-upload";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { resumableUpload } from "@/lib/templates/mutations";

// Kapso's media ingest (kapso-spec §5.3): a file at a URL the caller names is fetched through the egress
// guard (no private or local addresses unless EGRESS_ALLOW_HOSTS allows them, no redirects), its type is
// decided from the answer's headers before any byte is read, and the body is cut off at that type's
// WhatsApp limit while it streams in. The file then goes to the number as Meta takes it: a media id
// (`meta_media`, 30 days) or a resumable-upload handle (`meta_resumable_asset`, template samples and
// profile photos).

export type Delivery = "meta_media" | "meta_resumable_asset";

/** Meta's resumable upload takes these types only. */
const RESUMABLE_TYPES = new Set(["image/jpeg", "image/png", "video/mp4", "application/pdf"]);

/** Meta keeps an uploaded media id for 30 days. */
const MEDIA_ID_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/** The whole fetch (lookup, connect, headers, the largest file) must finish within this. */
const FETCH_TIMEOUT_MS = 120_000;

export interface IngestInput {
  source: string;
  filename?: string;
  mimeType?: string;
  delivery: Delivery;
}

export interface IngestResult {
  delivery: Delivery;
  handle: string;
  mediaType: AttachmentType;
  mimeType: string;
  filename: string;
  size: number;
  sha256: string;
  expiresAt: Date | null;
}

const field = "media_ingest.source";
const refused = (message: string, status = 422, key = field) =>
  new AppError(status === 413 ? "too_large" : "validation", message, { status, fields: { [key]: message } });

/** The last path segment of the URL, for a type guess and a file name when the caller gives neither. */
function urlFilename(u: URL): string | undefined {
  const last = u.pathname.split("/").pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** What the answer's headers say the file is, checked against what this delivery takes: its size limit. */
function limitFor(input: IngestInput, guessName: string | undefined, headers: Headers): number {
  const mime = normaliseMime(input.mimeType ?? headers.get("content-type"), input.filename ?? guessName);
  const kind = ATTACHMENT_KINDS.find((k) => mime in k.mimes);
  const typeField = input.mimeType ? "media_ingest.mime_type" : field;
  if (!kind)
    throw refused(
      `The source is ${mime ? `a ${mime} file` : "of an unknown type"}, which WhatsApp does not accept. It takes JPEG or PNG images, MP4 or 3GP videos, AAC, AMR, MP3, M4A or OGG audio, PDF, Word, Excel, PowerPoint or text documents, and WebP stickers.`,
      422,
      typeField,
    );
  if (input.delivery === "meta_resumable_asset" && !RESUMABLE_TYPES.has(mime))
    throw refused(
      `meta_resumable_asset takes JPEG or PNG images, MP4 videos and PDF documents; the source is ${mime}.`,
      422,
      typeField,
    );
  return kind.maxBytes;
}

/** Fetches the source within WhatsApp's limits: the bytes and what they are. */
async function fetchSource(input: IngestInput) {
  let url: URL;
  try {
    url = new URL(input.source);
  } catch {
    throw refused("media_ingest.source: not a valid URL");
  }
  const guessName = urlFilename(url);
  let limit = 0;
  try {
    const res = await egressFetch(url, {
      headers: { accept: "*/*", "user-agent": "Switchboard-MediaIngest/1" },
      timeoutMs: FETCH_TIMEOUT_MS,
      limitFor: ({ status, headers }) => {
        if (status < 200 || status > 299)
          throw refused(
            status >= 300 && status < 400
              ? `The source answered HTTP ${status} (a redirect): redirects are not followed, give the final address.`
              : `The source answered HTTP ${status}, not the file.`,
          );
        limit = limitFor(input, guessName, headers);
        return limit;
      },
    });
    return { res, guessName };
  } catch (e) {
    if (!(e instanceof EgressError)) throw e;
    switch (e.code) {
      case "too_large":
        throw refused(`The source is larger than WhatsApp allows for its type (${formatBytes(limit)}).`, 413);
      case "blocked_address":
      case "invalid_url":
        throw refused(`The source cannot be fetched: ${e.message}`);
      case "timeout":
        throw refused(`The source did not send the whole file within ${FETCH_TIMEOUT_MS / 1000} s.`);
      default:
        throw refused(`The source could not be fetched: ${e.message}`);
    }
  }
}

// A file is held in memory while it is checked and uploaded (up to 100 MB for a document): at most this
// many ingests run at once in a process, and a caller beyond them is told to retry rather than queued.
const MAX_CONCURRENT = 3;
let running = 0;

/** Fetches `input.source` and uploads it to the number; refusals are AppErrors naming the field. */
export async function ingestMedia(number: NumberWithSecrets, input: IngestInput): Promise<IngestResult> {
  if (running >= MAX_CONCURRENT)
    throw new AppError(
      "rate_limited",
      `${MAX_CONCURRENT} media ingests are already running on this server: retry in a few seconds.`,
    );
  running++;
  try {
    return await ingestOne(number, input);
  } finally {
    running--;
  }
}

async function ingestOne(number: NumberWithSecrets, input: IngestInput): Promise<IngestResult> {
  const { res, guessName } = await fetchSource(input);
  // A view of the fetched buffer, not a copy.
  const bytes = new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.length);
  const mime = normaliseMime(input.mimeType ?? res.headers.get("content-type"), input.filename ?? guessName);
  // Again on the bytes: an empty file, and a static sticker's smaller limit (known only from its header).
  const check = checkAttachment({
    mime,
    size: bytes.length,
    filename: input.filename ?? guessName,
    animated: mime === "image/webp" ? isAnimatedWebp(bytes) : undefined,
  });
  if (!check.ok) throw refused(check.message, check.reason === "too_large" ? 413 : 422);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const filename = sanitiseFilename(input.filename ?? guessName, "media", check.mime);
  try {
    if (input.delivery === "meta_resumable_asset") {
      const handle = await resumableUpload(number, { name: filename, type: check.mime, bytes });
      return result(input.delivery, handle, check, filename, bytes.length, sha256, null);
    }
    const mediaId = await uploadMediaToGraph(number, { bytes, mimeType: check.mime, filename });
    // Kept here too, so a message sent with this id shows the file in the inbox without a Graph round trip.
    await storeMediaFile({
      projectId: number.projectId,
      phoneNumberId: number.id,
      metaMediaId: mediaId,
      bytes,
      mimeType: check.mime,
      sha256: createHash("sha256").update(bytes).digest("base64"),
      filename,
    });
    const expiresAt = new Date(Date.now() + MEDIA_ID_LIFETIME_MS);
    return result(input.delivery, mediaId, check, filename, bytes.length, sha256, expiresAt);
  } catch (e) {
    if (e instanceof GraphError) throw graphAppError(e.problem);
    throw e;
  }
}

function result(
  delivery: Delivery,
  handle: string,
  check: { type: AttachmentType; mime: string },
  filename: string,
  size: number,
  sha256: string,
  expiresAt: Date | null,
): IngestResult {
  return { delivery, handle, mediaType: check.type, mimeType: check.mime, filename, size, sha256, expiresAt };
}
