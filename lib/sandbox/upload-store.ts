import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { invalid, missing, SandboxGraphError } from "./graph-error";

// Meta's Resumable Upload API, simulated (research/meta-cloud-api.md §6): `POST /{app}/uploads` opens a
// session, `POST /upload:<id>` with `file_offset` sends bytes (all at once or in pieces), `GET
// /upload:<id>` says how far it got. The finished file is named by its handle `h`, which template media
// samples (`example.header_handle`) and profile photos (`profile_picture_handle`) carry. In the sandbox
// the app id is the WhatsApp Business Account id.

/** Meta's resumable-upload types, each with WhatsApp's size for what it is used as. */
export const UPLOAD_TYPES: Record<string, number> = {
  "image/jpeg": 5 * 1024 * 1024,
  "image/jpg": 5 * 1024 * 1024,
  "image/png": 5 * 1024 * 1024,
  "video/mp4": 16 * 1024 * 1024,
  "application/pdf": 100 * 1024 * 1024,
};

export async function openUpload(wabaId: string, q: URLSearchParams) {
  const fileName = q.get("file_name") ?? "";
  const fileType = (q.get("file_type") ?? "").toLowerCase();
  const length = Number(q.get("file_length"));
  if (!fileName) throw missing("file_name");
  if (!Number.isInteger(length) || length <= 0)
    throw invalid("file_length", "must be a positive number of bytes");
  const max = UPLOAD_TYPES[fileType];
  if (max === undefined) throw invalid("file_type", `must be one of ${Object.keys(UPLOAD_TYPES).join(", ")}`);
  if (length > max) throw invalid("file_length", `A ${fileType} file may be at most ${max} bytes`);
  const id = randomBytes(12).toString("hex");
  await db().sandboxUpload.create({
    data: {
      id,
      wabaId,
      fileName: fileName.slice(0, 255),
      fileLength: length,
      fileType,
      data: Buffer.alloc(0),
    },
  });
  return { id: `upload:${id}` };
}

async function session(uploadId: string, wabaIds: string[]) {
  const id = uploadId.replace(/^upload:/, "");
  const s = await db().sandboxUpload.findUnique({ where: { id } });
  if (!s || !wabaIds.includes(s.wabaId))
    throw new SandboxGraphError(100, "Invalid parameter", `Upload session ${uploadId} does not exist`, 404);
  return s;
}

export async function uploadStatus(uploadId: string, wabaIds: string[]) {
  const s = await session(uploadId, wabaIds);
  return { id: uploadId, file_offset: s.data.length };
}

/** Appends `bytes` at `file_offset` (which must be where the session stands); the last piece returns `h`. */
export async function uploadBytes(
  uploadId: string,
  wabaIds: string[],
  offsetHeader: string | null,
  bytes: Buffer,
) {
  const s = await session(uploadId, wabaIds);
  if (s.handle) return { h: s.handle };
  const offset = Number(offsetHeader ?? "0");
  if (!Number.isInteger(offset) || offset !== s.data.length)
    throw new SandboxGraphError(
      100,
      "Invalid parameter",
      `file_offset must be ${s.data.length}, where this upload stands (GET the session to resume)`,
    );
  if (offset + bytes.length > s.fileLength)
    throw invalid("file_offset", `the bytes run past file_length (${s.fileLength})`);
  const length = offset + bytes.length;
  const done = length === s.fileLength;
  const handle = done
    ? `4::${Buffer.from(s.fileType).toString("base64")}:${randomBytes(24).toString("base64url")}`
    : null;
  // Appends only where the session still stands: two pieces sent for the same offset never interleave.
  const r = await db().$executeRaw`
    UPDATE "SandboxUpload" SET "data" = "data" || ${bytes}, "handle" = ${handle}
    WHERE "id" = ${s.id} AND "handle" IS NULL AND octet_length("data") = ${offset}`;
  if (r === 0) throw invalid("file_offset", "the upload moved meanwhile; GET the session to resume");
  return done ? { h: handle! } : { id: uploadId, file_offset: length };
}

/** A finished upload by its handle, for the WABA's own templates and profiles only. */
export async function fileByHandle(handle: string, wabaId: string) {
  const s = await db().sandboxUpload.findUnique({ where: { handle } });
  if (!s || s.wabaId !== wabaId) return null;
  return { id: s.id, mimeType: s.fileType, data: s.data, fileName: s.fileName };
}

export async function fileById(id: string) {
  return db().sandboxUpload.findUnique({
    where: { id },
    select: { id: true, wabaId: true, fileType: true, data: true, handle: true },
  });
}
