import path from "node:path";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Where media files live and how they are named and served: shared by the inbox, the embed, the
// Meta proxy's download URLs and the webhook door (inbound media).

export interface MediaFile {
  stream: ReadableStream<Uint8Array>;
  mimeType: string;
  size: number;
  /** Safe to put in a Content-Disposition header (no path, quotes or control characters). */
  filename: string;
}

export const MEDIA_ID = /^[\w.-]{1,128}$/;
export const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const;

export const notFound = () => new AppError("not_found", "Media not found.");

export function mediaRoot(): string {
  return path.resolve(env().MEDIA_DIR);
}

/** Where a project's media file lives; refuses ids that could climb out of MEDIA_DIR. */
export function mediaPath(projectId: string, metaMediaId: string): string {
  if (!MEDIA_ID.test(metaMediaId) || !MEDIA_ID.test(projectId) || metaMediaId.startsWith("."))
    throw notFound();
  return path.join(mediaRoot(), projectId, metaMediaId);
}

export function insideMediaRoot(file: string): boolean {
  const root = mediaRoot();
  const resolved = path.resolve(file);
  return resolved.startsWith(root + path.sep);
}

const EXT: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "audio/aac": "aac",
  "audio/amr": "amr",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/ogg": "ogg",
  "application/pdf": "pdf",
  "text/plain": "txt",
};

/** A file name without directories, quotes or control characters; falls back to the media id. */
export function sanitiseFilename(
  name: string | null | undefined,
  metaMediaId: string,
  mimeType: string,
): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const clean = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
    .replace(/^\.+/, "")
    .trim()
    .slice(0, 180);
  if (clean) return clean;
  const ext = EXT[mimeType.split(";")[0]?.trim() ?? ""];
  return ext ? `${metaMediaId}.${ext}` : metaMediaId;
}

const INLINE = /^(image|audio|video)\//;

/** RFC 6266: a plain ASCII fallback plus the UTF-8 name. */
export function contentDisposition(mimeType: string, filename: string): string {
  const kind = INLINE.test(mimeType) ? "inline" : "attachment";
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The headers every media response carries, whoever asks (inbox, embed, API key). */
export function mediaHeaders(m: { mimeType: string; size: number; filename: string }): Headers {
  return new Headers({
    "Content-Type": m.mimeType,
    "Content-Length": String(m.size),
    // Next's server drops Content-Length from a bodiless HEAD answer, so the size travels in its own
    // header too (the browser reads it as MEDIA_SIZE_HEADER, lib/inbox/attachment-limits.ts).
    "X-Media-Size": String(m.size),
    "Cache-Control": "private, max-age=3600",
    "Content-Disposition": contentDisposition(m.mimeType, m.filename),
    "X-Content-Type-Options": "nosniff",
    // A document opened in a tab must not run scripts with the app's origin (e.g. an SVG or HTML upload).
    "Content-Security-Policy":
      "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  });
}
