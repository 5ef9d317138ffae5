import "@/lib/server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { conversationScope, type InboxAccess } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { insideMediaRoot, MEDIA_ID, MEDIA_TYPES, type MediaFile, notFound, sanitiseFilename } from "./files";

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

/** Whether a project already keeps this media (inbound media is downloaded once). */
export async function hasMedia(projectId: string, metaMediaId: string): Promise<boolean> {
  const row = await db().media.findUnique({
    where: { projectId_metaMediaId: { projectId, metaMediaId } },
    select: { id: true },
  });
  return row !== null;
}
