import "@/lib/server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { checkProfile, PHOTO } from "@/lib/profile/rules";
import { checkEdit, checkTemplate, errorsOnly, type Problem } from "@/lib/templates/rules";
import { invalid, missing, SandboxGraphError } from "./graph-error";
import { armTemplateReview } from "./jobs";
import { validateUpload } from "./rules";
import { newMetaId } from "./simulator";
import { fileByHandle } from "./upload-store";

// Templates, media and business profile of sandbox numbers, kept in the database like Meta keeps them.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function templateDto(t: {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  components: unknown;
  rejectedReason: string | null;
  parameterFormat?: string;
}) {
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    status: t.status,
    category: t.category,
    components: t.components,
    parameter_format: t.parameterFormat ?? "POSITIONAL",
    quality_score: { score: t.status === "APPROVED" ? "GREEN" : "UNKNOWN" },
    ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
  };
}

/** Meta's answer to a payload the rule module refuses: the first error, naming its field and rule. */
function refuse(problems: Problem[]): never {
  const first = problems[0]!;
  const subcode = /length/.test(first.rule)
    ? 2388040
    : first.rule.startsWith("footer")
      ? 2388073
      : /variables|example|header|body/.test(first.rule)
        ? 2388047
        : undefined;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  throw new SandboxGraphError(
    100,
    "Invalid parameter",
    `${first.path}: ${first.message} [${first.rule}]${more}`,
    400,
    subcode,
  );
}

export async function createTemplate(wabaId: string, body: unknown) {
  if (!isObj(body)) throw missing("name");
  const problems = errorsOnly(checkTemplate(body));
  if (problems.length > 0) refuse(problems);
  const name = String(body.name);
  const language = String(body.language);
  const category = String(body.category).toUpperCase();
  const components = (body.components as unknown[]).filter(isObj);
  const parameterFormat = String(body.parameter_format ?? "POSITIONAL").toUpperCase();
  const exists = await db().sandboxTemplate.findUnique({
    where: { wabaId_name_language: { wabaId, name, language } },
  });
  if (exists)
    throw new SandboxGraphError(
      100,
      "Invalid parameter",
      `Content in this language already exists for template ${name}`,
      400,
      2388024,
    );
  // The template and its review (a durable timer) are stored together.
  const t = await db().$transaction(async (tx) => {
    const row = await tx.sandboxTemplate.create({
      data: {
        id: newMetaId(),
        wabaId,
        name,
        language,
        category,
        status: "PENDING",
        components: components as Prisma.InputJsonArray,
        parameterFormat,
      },
    });
    await armTemplateReview(row, tx);
    return row;
  });
  return { id: t.id, status: "PENDING", category };
}

export async function listTemplates(wabaId: string, q: URLSearchParams) {
  const limit = Math.min(Math.max(Number(q.get("limit") ?? 25) || 25, 1), 100);
  const after = q.get("after") ? Buffer.from(q.get("after")!, "base64url").toString() : undefined;
  const rows = await db().sandboxTemplate.findMany({
    where: {
      wabaId,
      ...(q.get("name") ? { name: { contains: q.get("name")! } } : {}),
      ...(q.get("status") ? { status: q.get("status")!.toUpperCase() } : {}),
      ...(q.get("language") ? { language: q.get("language")! } : {}),
      ...(q.get("category") ? { category: q.get("category")!.toUpperCase() } : {}),
      ...(after ? { id: { gt: after } } : {}),
    },
    orderBy: { id: "asc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const first = page[0];
  return {
    data: page.map(templateDto),
    paging: {
      cursors: {
        before: first ? Buffer.from(first.id).toString("base64url") : "",
        after: last ? Buffer.from(last.id).toString("base64url") : "",
      },
      ...(rows.length > limit && last
        ? { next: `?after=${Buffer.from(last.id).toString("base64url")}&limit=${limit}` }
        : {}),
    },
  };
}

export async function getTemplate(id: string) {
  const t = await db().sandboxTemplate.findUnique({ where: { id } });
  return t ? { ...templateDto(t), wabaId: t.wabaId } : null;
}

/** POST /{template_id}: Meta's edit rules, then the same creation rules, then review again. */
export async function editTemplate(id: string, body: unknown) {
  const t = await db().sandboxTemplate.findUniqueOrThrow({ where: { id } });
  if (!isObj(body)) throw missing("components");
  const editProblems = checkEdit(t, body);
  if (editProblems.length > 0) refuse(editProblems);
  const payload = {
    name: t.name,
    language: t.language,
    category: body.category ?? t.category,
    parameter_format: body.parameter_format ?? t.parameterFormat,
    components: body.components ?? t.components,
  };
  const problems = errorsOnly(checkTemplate(payload));
  if (problems.length > 0) refuse(problems);
  await db().$transaction(async (tx) => {
    const row = await tx.sandboxTemplate.update({
      where: { id },
      data: {
        components: payload.components as Prisma.InputJsonArray,
        category: String(payload.category).toUpperCase(),
        parameterFormat: String(payload.parameter_format).toUpperCase(),
        status: "PENDING",
        rejectedReason: null,
        // Only edits of an approved template count against Meta's limits; keep the last 30 days'.
        ...(t.status === "APPROVED"
          ? {
              editedAt: [...t.editedAt.filter((d) => Date.now() - d.getTime() < 30 * 86_400_000), new Date()],
            }
          : {}),
      },
    });
    await armTemplateReview(row, tx);
  });
  return { success: true };
}

/** DELETE ?name= (every language) or ?hsm_id= (one; with name, the two must agree). */
export async function deleteTemplate(wabaId: string, q: URLSearchParams) {
  const name = q.get("name");
  const hsmId = q.get("hsm_id");
  if (!name && !hsmId) throw missing("name");
  const r = await db().sandboxTemplate.deleteMany({
    where: { wabaId, ...(name ? { name } : {}), ...(hsmId ? { id: hsmId } : {}) },
  });
  if (r.count === 0)
    throw new SandboxGraphError(100, "Invalid parameter", `Template ${name ?? hsmId} does not exist`, 404);
  return { success: true };
}

const MEDIA_MAX = 100 * 1024 * 1024;

export async function uploadMedia(number: NumberWithSecrets, form: FormData) {
  if (form.get("messaging_product") !== "whatsapp") throw invalid("messaging_product", "must be whatsapp");
  const file = form.get("file");
  if (!(file instanceof Blob)) throw missing("file");
  if (file.size > MEDIA_MAX)
    throw new SandboxGraphError(131053, "Media upload error", "File is larger than 100 MB");
  // Type, size and the first bytes are checked before the whole file is read.
  validateUpload(
    { type: file.type || String(form.get("type") ?? ""), size: file.size, name: (file as File).name },
    new Uint8Array(await file.slice(0, 8).arrayBuffer()),
  );
  const data = Buffer.from(await file.arrayBuffer());
  const id = newMetaId();
  await db().sandboxMedia.create({
    data: {
      id,
      phoneNumberId: number.phoneNumberId,
      mimeType: file.type || String(form.get("type") ?? "application/octet-stream"),
      sha256: createHash("sha256").update(data).digest("base64"),
      size: data.length,
      filename: (file as File).name ?? null,
      data,
    },
  });
  return { id };
}

export async function mediaInfo(id: string) {
  const m = await db().sandboxMedia.findUnique({
    where: { id },
    select: { id: true, phoneNumberId: true, mimeType: true, sha256: true, size: true },
  });
  if (!m) throw new SandboxGraphError(100, "Invalid parameter", `Media ${id} does not exist`, 404, 33);
  return m;
}

export async function mediaBytes(id: string) {
  return db().sandboxMedia.findUnique({
    where: { id },
    select: { data: true, mimeType: true, phoneNumberId: true },
  });
}

export async function deleteMedia(id: string) {
  await db().sandboxMedia.delete({ where: { id } });
  return { success: true };
}

const PROFILE_FIELDS = [
  "about",
  "address",
  "description",
  "email",
  "profile_picture_url",
  "websites",
  "vertical",
] as const;

export async function getProfile(number: NumberWithSecrets) {
  const row = await db().sandboxProfile.findUnique({ where: { phoneNumberId: number.phoneNumberId } });
  const data = (row?.data as Obj | undefined) ?? {
    about: "Hello from the Switchboard sandbox",
    vertical: "OTHER",
    websites: [],
  };
  return {
    data: [
      {
        messaging_product: "whatsapp",
        ...Object.fromEntries(PROFILE_FIELDS.map((f) => [f, data[f]]).filter(([, v]) => v !== undefined)),
      },
    ],
  };
}

export async function updateProfile(number: NumberWithSecrets, body: unknown) {
  if (!isObj(body) || body.messaging_product !== "whatsapp")
    throw invalid("messaging_product", "must be whatsapp");
  const problems = checkProfile(body);
  if (problems[0]) throw invalid(problems[0].field, problems[0].message);
  const patch: Obj = Object.fromEntries(
    PROFILE_FIELDS.filter((f) => f !== "profile_picture_url" && body[f] !== undefined).map((f) => [
      f,
      body[f],
    ]),
  );
  if (body.profile_picture_handle !== undefined) {
    const file =
      typeof body.profile_picture_handle === "string"
        ? await fileByHandle(body.profile_picture_handle, number.wabaId)
        : null;
    if (!file) throw invalid("profile_picture_handle", "is not a finished upload of this account");
    if (!PHOTO.types.includes(file.mimeType))
      throw invalid("profile_picture_handle", "must be a JPG or PNG image");
    patch.profile_picture_url = `${env().INTERNAL_URL}/api/sandbox/graph/v24.0/upload-file/${file.id}`;
    patch.profile_picture_upload = file.id;
  }
  const current =
    ((await db().sandboxProfile.findUnique({ where: { phoneNumberId: number.phoneNumberId } }))?.data as
      | Obj
      | undefined) ?? {};
  const next = { ...current, ...patch } as Prisma.InputJsonObject;
  await db().sandboxProfile.upsert({
    where: { phoneNumberId: number.phoneNumberId },
    update: { data: next },
    create: { phoneNumberId: number.phoneNumberId, data: next },
  });
  return { success: true };
}

/** The stored profile of a sandbox number, as the simulated phone's business info shows it. */
export async function profileForPhone(phoneNumberId: string) {
  const row = await db().sandboxProfile.findUnique({ where: { phoneNumberId } });
  const data = (row?.data as Obj | undefined) ?? {};
  return {
    about: typeof data.about === "string" ? data.about : "Hello from the Switchboard sandbox",
    address: typeof data.address === "string" ? data.address : null,
    description: typeof data.description === "string" ? data.description : null,
    email: typeof data.email === "string" ? data.email : null,
    websites: Array.isArray(data.websites) ? data.websites.map(String) : [],
    vertical: typeof data.vertical === "string" ? data.vertical : "OTHER",
    photoUploadId: typeof data.profile_picture_upload === "string" ? data.profile_picture_upload : null,
  };
}
