import { createHash } from "node:crypto";
import type { EmbedScope, ThemeMode } from "@/generated/prisma/enums";
import { type ProjectId, trustedProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/http/errors";
import type { InboxAccess } from "@/lib/inbox/access";

export const hashEmbedToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface EmbedDto {
  id: string;
  name: string;
  scope: EmbedScope;
  scopeId: string | null;
  scopeName: string;
  allowedOrigins: string[];
  defaultMode: ThemeMode;
  tokenPrefix: string;
  status: "active" | "expired" | "revoked";
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const select = {
  id: true,
  name: true,
  scope: true,
  customerId: true,
  phoneNumberId: true,
  allowedOrigins: true,
  defaultMode: true,
  tokenPrefix: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  createdAt: true,
  updatedAt: true,
  customer: { select: { name: true } },
  phoneNumber: { select: { displayPhoneNumber: true, verifiedName: true, phoneNumberId: true } },
} as const;

type Row = Awaited<ReturnType<typeof findRows>>[number];
const findRows = (projectId: ProjectId, id?: string) =>
  db().inboxEmbed.findMany({
    where: { projectId, ...(id ? { id } : {}) },
    orderBy: { createdAt: "desc" },
    select,
  });

function toDto(r: Row): EmbedDto {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope,
    scopeId:
      r.scope === "CUSTOMER"
        ? r.customerId
        : r.scope === "PHONE_NUMBER"
          ? (r.phoneNumber?.phoneNumberId ?? null)
          : null,
    scopeName:
      r.scope === "CUSTOMER"
        ? (r.customer?.name ?? "Customer")
        : r.scope === "PHONE_NUMBER"
          ? `${r.phoneNumber?.verifiedName ?? "Number"} · ${r.phoneNumber?.displayPhoneNumber ?? ""}`
          : "Whole project",
    allowedOrigins: r.allowedOrigins,
    defaultMode: r.defaultMode,
    tokenPrefix: r.tokenPrefix,
    status: r.revokedAt ? "revoked" : r.expiresAt && r.expiresAt <= new Date() ? "expired" : "active",
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listEmbeds(projectId: ProjectId): Promise<EmbedDto[]> {
  return (await findRows(projectId)).map(toDto);
}

export async function getEmbed(projectId: ProjectId, id: string): Promise<EmbedDto> {
  const [row] = await findRows(projectId, id);
  if (!row) throw new AppError("not_found", "Inbox embed not found.");
  return toDto(row);
}

export interface ResolvedEmbed {
  id: string;
  name: string;
  projectId: ProjectId;
  allowedOrigins: string[];
  defaultMode: ThemeMode;
  expiresAt: Date | null;
  access: InboxAccess;
}

const TOUCH_EVERY_MS = 60_000;

/**
 * The embed a token opens, with the inbox access it grants, or a 401 for an unknown, expired or
 * revoked token. The scope is resolved on every call, so a customer's new number shows up and a
 * revocation takes effect at once.
 */
export async function resolveEmbedToken(
  token: string,
  opts: { touch?: boolean } = {},
): Promise<ResolvedEmbed> {
  const invalid = new AppError(
    "unauthenticated",
    "This inbox link is not valid: it may have expired or been revoked. Ask for a new one.",
  );
  if (!/^sbe_[\w-]{20,100}$/.test(token)) throw invalid;
  const row = await db().inboxEmbed.findUnique({
    where: { tokenHash: hashEmbedToken(token) },
    select: {
      id: true,
      name: true,
      projectId: true,
      scope: true,
      customerId: true,
      phoneNumberId: true,
      allowedOrigins: true,
      defaultMode: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) throw invalid;
  // Loading the page does not count as use: the browser may still refuse to frame it. Its API calls
  // and socket (which only run inside a frame that was shown) do.
  if (opts.touch !== false && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS))
    await touchEmbed(row.id);
  let numberIds: string[] | undefined;
  if (row.scope === "PHONE_NUMBER") numberIds = row.phoneNumberId ? [row.phoneNumberId] : [];
  if (row.scope === "CUSTOMER") {
    const numbers = await db().phoneNumber.findMany({
      where: { projectId: row.projectId, customerId: row.customerId ?? "-" },
      select: { id: true },
    });
    numberIds = numbers.map((n) => n.id);
  }
  const projectId = trustedProjectId(row.projectId);
  return {
    id: row.id,
    name: row.name,
    projectId,
    allowedOrigins: row.allowedOrigins,
    defaultMode: row.defaultMode,
    expiresAt: row.expiresAt,
    access: { projectId, actor: { kind: "embed", embedId: row.id }, ...(numberIds ? { numberIds } : {}) },
  };
}

/** The address an embed's iframe loads (shown once, with the token, at creation). */
export function embedUrl(token: string): string {
  return `${env().APP_URL.replace(/\/$/, "")}/embed/${token}`;
}

export interface EmbedScopeOptions {
  customers: { id: string; name: string; numberCount: number }[];
  numbers: { id: string; label: string; customerName: string | null }[];
}

/** What the create dialog's scope picker offers: the project's customers and phone numbers. */
export async function listEmbedScopeOptions(projectId: ProjectId): Promise<EmbedScopeOptions> {
  const [customers, numbers] = await Promise.all([
    db().customer.findMany({
      where: { projectId },
      orderBy: { name: "asc" },
      select: { id: true, name: true, _count: { select: { phoneNumbers: true } } },
    }),
    db().phoneNumber.findMany({
      where: { projectId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        displayPhoneNumber: true,
        verifiedName: true,
        customer: { select: { name: true } },
      },
    }),
  ]);
  return {
    customers: customers.map((c) => ({ id: c.id, name: c.name, numberCount: c._count.phoneNumbers })),
    numbers: numbers.map((n) => ({
      id: n.id,
      label: `${n.verifiedName} · ${n.displayPhoneNumber}`,
      customerName: n.customer?.name ?? null,
    })),
  };
}

/** Records that an embed was used (at most once a minute: this runs on every API call). */
export async function touchEmbed(embedId: string): Promise<void> {
  await db().inboxEmbed.updateMany({
    where: {
      id: embedId,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - TOUCH_EVERY_MS) } }],
    },
    data: { lastUsedAt: new Date() },
  });
}

/**
 * The origins that may frame an /embed/{token} page, valid or not: a revoked or expired embed's 401 page
 * is still shown inside the host app that framed it (instead of a broken frame). Unknown tokens: none.
 */
export async function embedFrameOrigins(token: string): Promise<string[] | null> {
  if (!/^sbe_[\w-]{20,100}$/.test(token)) return null;
  const row = await db().inboxEmbed.findUnique({
    where: { tokenHash: hashEmbedToken(token) },
    select: { allowedOrigins: true },
  });
  return row?.allowedOrigins ?? null;
}
