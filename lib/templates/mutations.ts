import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { GraphError, graph, graphBaseUrl, graphFetch } from "@/lib/meta/client";
import { type NumberWithSecrets, projectNumber } from "@/lib/numbers/credentials";
import { requestTemplateSync } from "./jobs";
import { checkEdit, checkTemplate, errorsOnly, type Problem } from "./rules";

// Creating, editing and deleting templates through Graph (Meta, or the simulator for sandbox numbers).
// The rule module checks first, so what the editor showed is what is refused; Meta's own refusals come
// back in its words. MessageTemplate follows at once (PENDING) and then by webhooks and the sync.

/** A number of the project on this WhatsApp Business Account, to call Graph with. */
export async function wabaNumber(projectId: ProjectId, wabaId: string): Promise<NumberWithSecrets> {
  const row = await db().phoneNumber.findFirst({
    where: { projectId, wabaId },
    orderBy: [{ healthy: "desc" }, { createdAt: "asc" }],
    select: { id: true },
  });
  const n = row ? await projectNumber(projectId, row.id) : null;
  if (!n) throw new AppError("not_found", "No number of this project is on that WhatsApp Business Account.");
  return n;
}

function refuse(problems: Problem[]): never {
  throw new AppError(
    "validation",
    `${problems.length} problem${problems.length === 1 ? "" : "s"} to fix first: ${problems[0]!.message}`,
    {
      fields: Object.fromEntries(problems.map((p) => [p.path, p.message])),
    },
  );
}

/** Meta's refusal, in its words, on the field it names when it names one. */
export function metaRefusal(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof GraphError) {
    const details = e.problem.details ?? e.problem.action;
    const field = /^([\w.[\]]+):/.exec(details)?.[1];
    return new AppError("validation", `Meta refused it: ${details}`, {
      status: 422,
      ...(field ? { fields: { [field]: details } } : {}),
    });
  }
  return new AppError("unavailable", "Could not reach Meta's Graph API. Try again shortly.");
}

interface Payload {
  name: string;
  language: string;
  category: string;
  parameter_format?: string;
  components: Record<string, unknown>[];
}

export async function submitTemplate(
  scope: Scope,
  actor: Actor,
  input: { wabaId: string; template: Payload },
): Promise<{ id: string; metaTemplateId: string; status: string }> {
  const problems = errorsOnly(checkTemplate(input.template));
  if (problems.length > 0) refuse(problems);
  const number = await wabaNumber(scope.projectId, input.wabaId);
  const r = await graph<{ id: string; status?: string; category?: string }>(
    number,
    "POST",
    `${input.wabaId}/message_templates`,
    { body: input.template, attempts: 1, guarded: true },
  ).catch((e) => {
    throw metaRefusal(e);
  });
  const t = input.template;
  return db().$transaction(async (tx) => {
    const data = {
      name: t.name,
      language: t.language,
      category: (r.category ?? t.category).toUpperCase(),
      status: r.status ?? "PENDING",
      parameterFormat: t.parameter_format ?? "POSITIONAL",
      components: t.components as Prisma.InputJsonArray,
      rejectedReason: null,
    };
    const row = await tx.messageTemplate.upsert({
      where: { projectId_metaTemplateId: { projectId: scope.projectId, metaTemplateId: String(r.id) } },
      update: data,
      create: { projectId: scope.projectId, wabaId: input.wabaId, metaTemplateId: String(r.id), ...data },
      select: { id: true, metaTemplateId: true, status: true },
    });
    await emit(tx, scope.projectId, "whatsapp.template.updated", {
      templateId: row.metaTemplateId,
      field: "created",
      status: row.status,
    });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "template.created",
      targetType: "template",
      targetId: row.id,
      data: { name: t.name, language: t.language },
    });
    return row;
  });
}

async function ownTemplate(projectId: ProjectId, id: string) {
  const t = await db().messageTemplate.findFirst({ where: { id, projectId } });
  if (!t) throw new AppError("not_found", "Template not found.");
  return t;
}

/** Meta's edit: only approved, rejected or paused templates; an approved one keeps its category. */
export async function editTemplate(
  scope: Scope,
  actor: Actor,
  input: { id: string; template: Payload },
): Promise<{ status: string }> {
  const t = await ownTemplate(scope.projectId, input.id);
  const edit = checkEdit(t, input.template);
  const problems = [
    ...edit,
    ...errorsOnly(checkTemplate({ ...input.template, name: t.name, language: t.language })),
  ];
  if (problems.length > 0) refuse(problems);
  const number = await wabaNumber(scope.projectId, t.wabaId);
  await graph(number, "POST", t.metaTemplateId, {
    body: { category: input.template.category, components: input.template.components },
    attempts: 1,
    guarded: true,
  }).catch((e) => {
    throw metaRefusal(e);
  });
  await db().$transaction(async (tx) => {
    await tx.messageTemplate.update({
      where: { id: t.id },
      data: {
        status: "PENDING",
        rejectedReason: null,
        category: input.template.category.toUpperCase(),
        components: input.template.components as Prisma.InputJsonArray,
      },
    });
    await emit(tx, scope.projectId, "whatsapp.template.updated", {
      templateId: t.metaTemplateId,
      field: "edited",
      status: "PENDING",
    });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "template.edited",
      targetType: "template",
      targetId: t.id,
      data: { name: t.name, language: t.language },
    });
  });
  return { status: "PENDING" };
}

/** Deletes one language (by hsm_id) or every language of the name, at Meta and here. */
export async function deleteTemplate(
  scope: Scope,
  actor: Actor,
  input: { id: string; allLanguages: boolean },
): Promise<{ deleted: number }> {
  const t = await ownTemplate(scope.projectId, input.id);
  const number = await wabaNumber(scope.projectId, t.wabaId);
  const query: Record<string, string> = input.allLanguages
    ? { name: t.name }
    : { name: t.name, hsm_id: t.metaTemplateId };
  await graph(number, "DELETE", `${t.wabaId}/message_templates`, { query, attempts: 1, guarded: true }).catch(
    (e) => {
      throw metaRefusal(e);
    },
  );
  return db().$transaction(async (tx) => {
    const where = input.allLanguages
      ? { projectId: scope.projectId, wabaId: t.wabaId, name: t.name }
      : { projectId: scope.projectId, id: t.id };
    const gone = await tx.messageTemplate.findMany({ where, select: { metaTemplateId: true } });
    await tx.messageTemplate.deleteMany({ where });
    for (const g of gone)
      await emit(tx, scope.projectId, "whatsapp.template.updated", {
        templateId: g.metaTemplateId,
        field: "deleted",
        status: "DELETED",
      });
    await audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "template.deleted",
      targetType: "template",
      targetId: t.id,
      data: { name: t.name, languages: input.allLanguages ? "all" : t.language },
    });
    return { deleted: gone.length };
  });
}

/** "Sync now": queues the project's sync job (one waiting per project). */
export async function syncNow(scope: Scope, _actor: Actor): Promise<{ queued: boolean }> {
  return { queued: (await requestTemplateSync(scope.projectId)) !== null };
}

/**
 * Meta's resumable upload for a template sample or a profile photo: open a session on the app (Meta's
 * app id comes from the account's subscribed app; the sandbox's is the account id), send the bytes at
 * offset 0, and answer the handle.
 */
export async function resumableUpload(
  number: NumberWithSecrets,
  file: { name: string; type: string; bytes: Uint8Array },
): Promise<string> {
  try {
    let appId = number.wabaId;
    if (number.kind === "LIVE") {
      const apps = await graph<{ data?: { whatsapp_business_api_data?: { id?: string } }[] }>(
        number,
        "GET",
        `${number.wabaId}/subscribed_apps`,
        { attempts: 1, guarded: true },
      );
      appId = apps.data?.[0]?.whatsapp_business_api_data?.id ?? "";
      if (!appId)
        throw new AppError(
          "validation",
          "No Meta app is subscribed to this account's webhooks, so there is nowhere to upload to.",
        );
    }
    const session = await graph<{ id: string }>(number, "POST", `${appId}/uploads`, {
      query: {
        file_name: file.name.slice(0, 200) || "upload",
        file_length: String(file.bytes.length),
        file_type: file.type,
      },
      attempts: 1,
      guarded: true,
    });
    // "upload:<id>" reads as a URL scheme to URL parsers, so the session's path is joined by hand.
    const res = await graphFetch(`${graphBaseUrl(number)}/${env().META_GRAPH_VERSION}/${session.id}`, {
      method: "POST",
      headers: {
        authorization: `OAuth ${number.accessToken}`,
        file_offset: "0",
        "content-type": "application/octet-stream",
      },
      body: file.bytes as unknown as BodyInit,
      signal: AbortSignal.timeout(120_000),
    });
    const json = (await res.json().catch(() => null)) as {
      h?: string;
      error?: { error_data?: { details?: string }; message?: string };
    } | null;
    if (!res.ok || !json?.h)
      throw new AppError(
        "validation",
        `Meta refused the upload: ${json?.error?.error_data?.details ?? json?.error?.message ?? res.status}`,
      );
    return json.h;
  } catch (e) {
    if (!(e instanceof AppError) && !(e instanceof GraphError)) console.warn("[templates] upload failed:", e);
    throw metaRefusal(e);
  }
}
