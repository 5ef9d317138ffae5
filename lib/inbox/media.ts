import { createReadStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { conversationScope, type InboxAccess } from "./access";

export interface MediaFile {
  stream: ReadableStream<Uint8Array>;
  mimeType: string;
  size: number;
  /** Safe to put in a Content-Disposition header (no path, quotes or control characters). */
  filename: string;
}

const MEDIA_ID = /^[\w.-]{1,128}$/;
const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const;

const notFound = () => new AppError("not_found", "Media not found.");

export function mediaRoot(): string {
  return path.resolve(env().MEDIA_DIR);
}

/** Where a project's media file lives; refuses ids that could climb out of MEDIA_DIR. */
export function mediaPath(projectId: string, metaMediaId: string): string {
  if (!MEDIA_ID.test(metaMediaId) || !MEDIA_ID.test(projectId) || metaMediaId.startsWith("."))
    throw notFound();
  return path.join(mediaRoot(), projectId, metaMediaId);
}

function insideMediaRoot(file: string): boolean {
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

/** Whether some message the access may see carries this media (for accesses bound to an assignee). */
async function referencedInScope(access: InboxAccess, metaMediaId: string): Promise<boolean> {
  const m = await db().message.findFirst({
    where: {
      projectId: access.projectId,
      conversation: conversationScope(access),
      OR: MEDIA_TYPES.map((t) => ({ content: { path: [t, "id"], equals: metaMediaId } })),
    },
    select: { id: true },
  });
  return m !== null;
}

export type MediaInfo = Omit<MediaFile, "stream"> & { path: string };

/**
 * An inbound or sent media file's details, for the access's scope only: another project's media, a number
 * outside an embed's numbers, or a file missing on disk are all "not found" (no hint that it exists).
 */
export async function statMedia(access: InboxAccess, metaMediaId: string): Promise<MediaInfo> {
  if (!MEDIA_ID.test(metaMediaId)) throw notFound();
  const row = await db().media.findUnique({
    where: { projectId_metaMediaId: { projectId: access.projectId, metaMediaId } },
    select: { phoneNumberId: true, mimeType: true, filename: true, path: true },
  });
  if (!row) throw notFound();
  if (access.numberIds && (!row.phoneNumberId || !access.numberIds.includes(row.phoneNumberId)))
    throw notFound();
  if (access.assigneeId && !(await referencedInScope(access, metaMediaId))) throw notFound();
  if (!insideMediaRoot(row.path)) {
    console.error(`[media] ${metaMediaId} points outside MEDIA_DIR; refusing to serve it`);
    throw notFound();
  }
  const info = await stat(row.path).catch(() => null);
  if (!info?.isFile()) throw notFound();
  return {
    path: row.path,
    mimeType: row.mimeType,
    size: info.size,
    filename: sanitiseFilename(row.filename, metaMediaId, row.mimeType),
  };
}

/** The file itself, streamed, with what statMedia checks. */
export async function readMedia(access: InboxAccess, metaMediaId: string): Promise<MediaFile> {
  const { path: file, ...info } = await statMedia(access, metaMediaId);
  return { ...info, stream: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array> };
}

/** Keeps a file the business sent, so the thread can show it like inbound media. */
export async function storeOutboundMedia(input: {
  projectId: string;
  phoneNumberId: string;
  metaMediaId: string;
  bytes: Uint8Array;
  mimeType: string;
  sha256: string;
  filename: string | null;
}): Promise<void> {
  const file = mediaPath(input.projectId, input.metaMediaId);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, input.bytes);
  await db().media.upsert({
    where: { projectId_metaMediaId: { projectId: input.projectId, metaMediaId: input.metaMediaId } },
    update: {},
    create: {
      projectId: input.projectId,
      phoneNumberId: input.phoneNumberId,
      metaMediaId: input.metaMediaId,
      mimeType: input.mimeType,
      size: input.bytes.length,
      sha256: input.sha256,
      filename: input.filename,
      path: file,
    },
  });
}
