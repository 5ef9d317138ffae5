// Meta's media types and size limits for sending (research/meta-cloud-api.md §6). Pure and client-safe:
// the attach button checks a file before uploading it, and the server checks it again.

export type AttachmentType = "image" | "video" | "audio" | "document" | "sticker";

const KB = 1024;
const MB = 1024 * KB;

export interface MediaKind {
  type: AttachmentType;
  label: string;
  maxBytes: number;
  /** MIME type → usual file extensions. */
  mimes: Record<string, string[]>;
}

export const ATTACHMENT_KINDS: readonly MediaKind[] = [
  {
    type: "image",
    label: "Images",
    maxBytes: 5 * MB,
    mimes: { "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"] },
  },
  {
    type: "video",
    label: "Videos",
    maxBytes: 16 * MB,
    mimes: { "video/mp4": [".mp4"], "video/3gpp": [".3gp"] },
  },
  {
    type: "audio",
    label: "Audio",
    maxBytes: 16 * MB,
    mimes: {
      "audio/aac": [".aac"],
      "audio/amr": [".amr"],
      "audio/mpeg": [".mp3"],
      "audio/mp4": [".m4a"],
      "audio/ogg": [".ogg", ".opus"],
    },
  },
  {
    type: "document",
    label: "Documents",
    maxBytes: 100 * MB,
    mimes: {
      "text/plain": [".txt"],
      "application/pdf": [".pdf"],
      "application/msword": [".doc"],
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
      "application/vnd.ms-excel": [".xls"],
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
      "application/vnd.ms-powerpoint": [".ppt"],
      "application/vnd.openxmlformats-officedocument.presentationml.presentation": [".pptx"],
    },
  },
  // Animated stickers may be 500 KB, static ones 100 KB; see checkAttachment.
  { type: "sticker", label: "Stickers", maxBytes: 500 * KB, mimes: { "image/webp": [".webp"] } },
];

export const STATIC_STICKER_MAX = 100 * KB;

/** The `accept` attribute for a file input: every MIME type and extension Meta takes. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_KINDS.flatMap((k) =>
  Object.entries(k.mimes).flatMap(([mime, exts]) => [mime, ...exts]),
).join(",");

/** The file size on a media HEAD answer (see media-handlers.ts for why not Content-Length alone). */
export const MEDIA_SIZE_HEADER = "X-Media-Size";

/** A media HEAD answer's size in bytes, or null when the file is not there. */
export function mediaSizeOf(res: { ok: boolean; headers: Headers }): number | null {
  if (!res.ok) return null;
  for (const name of [MEDIA_SIZE_HEADER, "content-length"]) {
    const raw = res.headers.get(name);
    const n = raw === null || raw.trim() === "" ? Number.NaN : Number(raw);
    if (Number.isFinite(n) && n > 0) return n;
  }
  return null;
}

export function formatBytes(n: number): string {
  if (n >= MB) return `${Number((n / MB).toFixed(1))} MB`;
  if (n >= KB) return `${Math.round(n / KB)} KB`;
  return `${n} B`;
}

/**
 * Other names browsers and operating systems report for the types above (Chromium and macOS call an
 * .m4a `audio/x-m4a`, Windows calls an .mp3 `audio/mp3`…), mapped to the one Meta accepts.
 */
const MIME_ALIASES: Record<string, string> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "image/x-png": "image/png",
  "video/x-m4v": "video/mp4",
  "video/3gp": "video/3gpp",
  "audio/x-m4a": "audio/mp4",
  "audio/m4a": "audio/mp4",
  "audio/x-mp4": "audio/mp4",
  "audio/mp4a-latm": "audio/mp4",
  "audio/mp3": "audio/mpeg",
  "audio/x-mp3": "audio/mpeg",
  "audio/x-mpeg": "audio/mpeg",
  "audio/mpeg3": "audio/mpeg",
  "audio/x-mpeg-3": "audio/mpeg",
  "audio/x-aac": "audio/aac",
  "audio/aacp": "audio/aac",
  "audio/amr-wb": "audio/amr",
  "audio/x-amr": "audio/amr",
  "audio/opus": "audio/ogg",
  "audio/x-ogg": "audio/ogg",
  "application/ogg": "audio/ogg",
  "application/x-pdf": "application/pdf",
  "text/x-plain": "text/plain",
};

/** `image/JPEG; charset=x` → `image/jpeg`; a missing or generic type is guessed from the file name. */
export function normaliseMime(mime: string | null | undefined, filename?: string | null): string {
  const base = (mime ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (base && base !== "application/octet-stream") return MIME_ALIASES[base] ?? base;
  const ext = filename?.toLowerCase().match(/\.[a-z0-9]+$/)?.[0];
  if (!ext) return base;
  for (const k of ATTACHMENT_KINDS)
    for (const [m, exts] of Object.entries(k.mimes)) if (exts.includes(ext)) return m;
  return base;
}

export type AttachmentCheck =
  | { ok: true; type: AttachmentType; mime: string; maxBytes: number }
  | { ok: false; reason: "unsupported" | "too_large" | "empty"; message: string };

/**
 * Whether WhatsApp accepts this file, and as which message type. `animated` is only known after reading
 * a WebP file (the server does); the client checks stickers against the larger, animated limit.
 */
export function checkAttachment(f: {
  mime: string | null | undefined;
  size: number;
  filename?: string | null;
  animated?: boolean;
}): AttachmentCheck {
  const mime = normaliseMime(f.mime, f.filename);
  const kind = ATTACHMENT_KINDS.find((k) => mime in k.mimes);
  if (!kind)
    return {
      ok: false,
      reason: "unsupported",
      message: `WhatsApp does not accept ${mime ? `${mime} files` : "this kind of file"}. Send JPEG or PNG images, MP4 or 3GP videos, AAC, AMR, MP3, M4A or OGG audio, PDF, Word, Excel, PowerPoint or text documents, or WebP stickers.`,
    };
  if (f.size <= 0) return { ok: false, reason: "empty", message: "The file is empty." };
  const maxBytes = kind.type === "sticker" && f.animated === false ? STATIC_STICKER_MAX : kind.maxBytes;
  if (f.size > maxBytes)
    return {
      ok: false,
      reason: "too_large",
      message: `${kind.type === "sticker" && f.animated === false ? "Static stickers" : kind.label} can be at most ${formatBytes(maxBytes)} on WhatsApp; this file is ${formatBytes(f.size)}.`,
    };
  return { ok: true, type: kind.type, mime, maxBytes };
}

/** An animated WebP has a VP8X header with the animation flag set. */
export function isAnimatedWebp(bytes: Uint8Array): boolean {
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 21 || tag(0) !== "RIFF" || tag(8) !== "WEBP" || tag(12) !== "VP8X") return false;
  return ((bytes[20] ?? 0) & 0x02) !== 0;
}
