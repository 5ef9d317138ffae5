import "@/lib/server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { invalid, missing, SandboxGraphError } from "./graph-error";
import { envelope } from "./payloads";
import { validatePlaceholders, validateUpload } from "./rules";
import { newMetaId } from "./simulator";
import { deliverWebhook, later } from "./webhooks";

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
}) {
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    status: t.status,
    category: t.category,
    components: t.components,
    ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
  };
}

/** Meta's review, simulated: a body that starts or ends with a variable is rejected (its rule 2388299). */
function review(components: Obj[]): { status: "APPROVED" | "REJECTED"; reason?: string } {
  const body = components.find((c) => String(c.type).toUpperCase() === "BODY");
  const text = String(body?.text ?? "").trim();
  if (/^\{\{[^}]+\}\}/.test(text) || /\{\{[^}]+\}\}[.!?]?$/.test(text))
    return { status: "REJECTED", reason: "INVALID_FORMAT" };
  return { status: "APPROVED" };
}

export async function createTemplate(numbers: NumberWithSecrets[], wabaId: string, body: unknown) {
  if (!isObj(body)) throw missing("name");
  const name = String(body.name ?? "");
  if (!/^[a-z0-9_]{1,512}$/.test(name))
    throw invalid("name", "must be lowercase letters, digits and underscores");
  const language = String(body.language ?? "");
  if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language))
    throw invalid("language", "must be a language code such as en_US");
  const category = String(body.category ?? "").toUpperCase();
  if (!["MARKETING", "UTILITY", "AUTHENTICATION"].includes(category))
    throw invalid("category", "must be MARKETING, UTILITY or AUTHENTICATION");
  const components = Array.isArray(body.components) ? body.components.filter(isObj) : [];
  const bodyComponent = components.find((c) => String(c.type).toUpperCase() === "BODY");
  if (!bodyComponent || typeof bodyComponent.text !== "string" || bodyComponent.text.length === 0)
    throw missing("components.BODY.text");
  if (bodyComponent.text.length > 1024)
    throw new SandboxGraphError(100, "Invalid parameter", "Body text is over 1024 characters", 400, 2388040);
  for (const c of components)
    if (typeof c.text === "string")
      validatePlaceholders(c.text, `components.${String(c.type).toUpperCase()}.text`);
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
  const t = await db().sandboxTemplate.create({
    data: {
      id: newMetaId(),
      wabaId,
      name,
      language,
      category,
      status: "PENDING",
      components: components as Prisma.InputJsonArray,
    },
  });
  const number = numbers[0]!;
  later(env().SANDBOX_TEMPLATE_REVIEW_MS, async () => {
    const verdict = review(components);
    await db().sandboxTemplate.update({
      where: { id: t.id },
      data: { status: verdict.status, rejectedReason: verdict.reason ?? null },
    });
    await deliverWebhook(
      number,
      envelope(wabaId, [
        {
          field: "message_template_status_update",
          value: {
            event: verdict.status,
            message_template_id: Number(t.id),
            message_template_name: name,
            message_template_language: language,
            message_template_category: category,
            reason: verdict.reason ?? "NONE",
          },
        },
      ]),
    );
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

export async function editTemplate(id: string, body: unknown) {
  const t = await db().sandboxTemplate.findUniqueOrThrow({ where: { id } });
  if (!["APPROVED", "REJECTED", "PAUSED"].includes(t.status))
    throw new SandboxGraphError(
      100,
      "Invalid parameter",
      `A ${t.status.toLowerCase()} template cannot be edited`,
    );
  const components = isObj(body) && Array.isArray(body.components) ? body.components.filter(isObj) : null;
  if (!components) throw missing("components");
  const verdict = review(components);
  await db().sandboxTemplate.update({
    where: { id },
    data: {
      components: components as Prisma.InputJsonArray,
      status: verdict.status,
      rejectedReason: verdict.reason ?? null,
    },
  });
  return { success: true };
}

export async function deleteTemplate(wabaId: string, q: URLSearchParams) {
  const name = q.get("name");
  if (!name) throw missing("name");
  const r = await db().sandboxTemplate.deleteMany({
    where: { wabaId, name, ...(q.get("hsm_id") ? { id: q.get("hsm_id")! } : {}) },
  });
  if (r.count === 0)
    throw new SandboxGraphError(100, "Invalid parameter", `Template ${name} does not exist`, 404);
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
  const check = (k: string, max: number, min = 0) => {
    if (body[k] === undefined) return;
    if (typeof body[k] !== "string" || body[k].length > max || body[k].length < min)
      throw invalid(k, `must be ${min ? `${min}–` : "at most "}${max} characters`);
  };
  check("about", 139, 1);
  check("address", 256);
  check("description", 512);
  check("email", 128);
  if (typeof body.email === "string" && body.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email))
    throw invalid("email", "must be a valid email address");
  if (body.websites !== undefined) {
    if (!Array.isArray(body.websites) || body.websites.length > 2)
      throw invalid("websites", "may hold at most 2 URLs");
    body.websites.forEach((w, i) => {
      if (typeof w !== "string" || w.length > 256 || !/^https?:\/\//.test(w))
        throw invalid(`websites[${i}]`, "must be an http(s) URL of at most 256 characters");
    });
  }
  const current =
    ((await db().sandboxProfile.findUnique({ where: { phoneNumberId: number.phoneNumberId } }))?.data as
      | Obj
      | undefined) ?? {};
  const next = {
    ...current,
    ...Object.fromEntries(PROFILE_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]])),
  } as Prisma.InputJsonObject;
  await db().sandboxProfile.upsert({
    where: { phoneNumberId: number.phoneNumberId },
    update: { data: next },
    create: { phoneNumberId: number.phoneNumberId, data: next },
  });
  return { success: true };
}
