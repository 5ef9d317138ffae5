import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import type { TemplateFilters } from "./schema";

// Reads for the Templates page and the editor (from MessageTemplate, never Graph).

export interface TemplateRow {
  id: string;
  metaTemplateId: string;
  wabaId: string;
  name: string;
  language: string;
  category: string;
  status: string;
  qualityScore: string | null;
  rejectedReason: string | null;
  parameterFormat: string;
  components: Record<string, unknown>[];
  updatedAt: string;
}

export interface WabaOption {
  wabaId: string;
  label: string;
  numbers: { id: string; display: string; kind: "LIVE" | "SANDBOX" }[];
}

/** The project's WhatsApp Business Accounts, each with its numbers. */
export async function projectWabas(projectId: ProjectId): Promise<WabaOption[]> {
  const rows = await db().phoneNumber.findMany({
    where: { projectId },
    orderBy: { createdAt: "asc" },
    select: { id: true, wabaId: true, displayPhoneNumber: true, verifiedName: true, kind: true },
  });
  const out = new Map<string, WabaOption>();
  for (const r of rows) {
    const w = out.get(r.wabaId) ?? { wabaId: r.wabaId, label: "", numbers: [] };
    w.numbers.push({ id: r.id, display: r.displayPhoneNumber, kind: r.kind });
    w.label ||= `${r.verifiedName || "Account"} · ${r.displayPhoneNumber}${r.kind === "SANDBOX" ? " (sandbox)" : ""}`;
    out.set(r.wabaId, w);
  }
  return [...out.values()];
}

const toRow = (t: {
  id: string;
  metaTemplateId: string;
  wabaId: string;
  name: string;
  language: string;
  category: string;
  status: string;
  qualityScore: string | null;
  rejectedReason: string | null;
  parameterFormat: string | null;
  components: unknown;
  updatedAt: Date;
}): TemplateRow => ({
  ...t,
  parameterFormat: t.parameterFormat ?? "POSITIONAL",
  components: Array.isArray(t.components) ? (t.components as Record<string, unknown>[]) : [],
  updatedAt: t.updatedAt.toISOString(),
});

/** One account's templates with the page's filters (name search, status, category, language, quality). */
export async function listTemplateRows(projectId: ProjectId, f: TemplateFilters & { wabaId: string }) {
  const where: Prisma.MessageTemplateWhereInput = {
    projectId,
    wabaId: f.wabaId,
    ...(f.q ? { name: { contains: f.q.toLowerCase().replace(/\s+/g, "_") } } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.language ? { language: f.language } : {}),
    ...(f.quality ? { qualityScore: f.quality === "UNKNOWN" ? null : f.quality } : {}),
  };
  const [rows, languages] = await Promise.all([
    db().messageTemplate.findMany({ where, orderBy: [{ name: "asc" }, { language: "asc" }], take: 1000 }),
    db().messageTemplate.findMany({
      where: { projectId, wabaId: f.wabaId },
      distinct: ["language"],
      select: { language: true },
      orderBy: { language: "asc" },
    }),
  ]);
  return { rows: rows.map(toRow), languages: languages.map((l) => l.language) };
}

export async function templateRow(projectId: ProjectId, id: string): Promise<TemplateRow | null> {
  const t = await db().messageTemplate.findFirst({ where: { projectId, id } });
  return t ? toRow(t) : null;
}

/** Recent conversations on the account's numbers, for a test send. */
export async function testConversations(projectId: ProjectId, wabaId: string) {
  const rows = await db().conversation.findMany({
    where: { projectId, phoneNumber: { wabaId } },
    orderBy: { lastMessageAt: "desc" },
    take: 20,
    select: {
      id: true,
      phoneNumber: { select: { displayPhoneNumber: true } },
      contact: { select: { profileName: true, displayName: true, waId: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    label: `${r.contact.displayName ?? r.contact.profileName ?? r.contact.waId ?? "Customer"} · via ${r.phoneNumber.displayPhoneNumber}`,
  }));
}
