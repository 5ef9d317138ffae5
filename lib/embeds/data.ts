import "@/lib/server-only";
import type { EmbedScope, ThemeMode } from "@/generated/prisma/enums";
import { hashEmbedToken } from "@/lib/auth/credential-data";
import type { ProjectId } from "@/lib/auth/project-id";
import { inDateRange, isoOrNull } from "@/lib/dates";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Token verification lives in lib/auth (the HTTP layer mints scopes from it); re-exported for callers here.
export {
  hashEmbedToken,
  type ResolvedEmbed,
  resolveEmbedToken,
  touchEmbed,
} from "@/lib/auth/credential-data";

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
    status: r.revokedAt
      ? "revoked"
      : r.expiresAt && inDateRange(r.expiresAt) && r.expiresAt <= new Date()
        ? "expired"
        : "active",
    // isoOrNull: an expiry stored before dates were bounded must not fail the whole list.
    expiresAt: isoOrNull(r.expiresAt),
    lastUsedAt: isoOrNull(r.lastUsedAt),
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
