import "@/lib/server-only";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db/client";
import { mediaPath } from "./files";

/** Keeps a media file (inbound, downloaded from Meta, or one the business sent) and its row. */
export async function storeMediaFile(input: {
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
