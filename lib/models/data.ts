import "@/lib/server-only";
import type { ModelProviderKind } from "@/generated/prisma/enums";
import type { ProjectId } from "@/lib/auth/project-id";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { isoOrNull } from "@/lib/dates";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ProviderKind } from "./schema";

/** A provider as pages and actions see it: the key is never in it, only whether one is set and its end. */
export interface ModelProviderDto {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  defaultModel: string;
  isDefault: boolean;
  apiKey: { set: boolean; last4: string | null };
  lastTest: { at: string; ok: boolean; error: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

/** A provider with its key opened, for the model calls in this folder only (never sent anywhere else). */
export interface ProviderCredentials {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  defaultModel: string;
  apiKey: string | null;
}

export const kindFromDb = (k: ModelProviderKind): ProviderKind =>
  k === "ANTHROPIC" ? "anthropic" : k === "OLLAMA" ? "ollama" : "openai_compatible";
export const kindToDb = (k: ProviderKind): ModelProviderKind =>
  k === "anthropic" ? "ANTHROPIC" : k === "ollama" ? "OLLAMA" : "OPENAI_COMPATIBLE";

const select = {
  id: true,
  name: true,
  kind: true,
  baseUrl: true,
  defaultModel: true,
  isDefault: true,
  apiKeySealed: true,
  apiKeyLast4: true,
  lastTestedAt: true,
  lastTestOk: true,
  lastTestError: true,
  createdAt: true,
  updatedAt: true,
} as const;

type Row = NonNullable<Awaited<ReturnType<typeof findOne>>>;
const findOne = (projectId: ProjectId, id: string) =>
  db().modelProvider.findFirst({ where: { projectId, id }, select });

function toDto(r: Row): ModelProviderDto {
  return {
    id: r.id,
    name: r.name,
    kind: kindFromDb(r.kind),
    baseUrl: r.baseUrl,
    defaultModel: r.defaultModel,
    isDefault: r.isDefault,
    apiKey: { set: r.apiKeySealed !== null, last4: r.apiKeySealed !== null ? r.apiKeyLast4 : null },
    lastTest:
      r.lastTestedAt && r.lastTestOk !== null
        ? { at: r.lastTestedAt.toISOString(), ok: r.lastTestOk, error: r.lastTestError }
        : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: isoOrNull(r.updatedAt) ?? r.createdAt.toISOString(),
  };
}

/** The project's providers, the default first, then by name. */
export async function listProviders(projectId: ProjectId): Promise<ModelProviderDto[]> {
  const rows = await db().modelProvider.findMany({
    where: { projectId },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    select,
  });
  return rows.map(toDto);
}

export async function getProvider(projectId: ProjectId, id: string): Promise<ModelProviderDto> {
  const r = await findOne(projectId, id);
  if (!r) throw new AppError("not_found", "Model provider not found.");
  return toDto(r);
}

/**
 * The provider a step uses: the one named (it must be in the project), else the project's default.
 * Throws AppError not_found when there is none, with a message an operator can act on.
 */
export async function loadProviderCredentials(
  projectId: ProjectId,
  providerId?: string | null,
): Promise<ProviderCredentials> {
  const r = await db().modelProvider.findFirst({
    where: providerId ? { projectId, id: providerId } : { projectId, isDefault: true },
    select: { id: true, name: true, kind: true, baseUrl: true, defaultModel: true, apiKeySealed: true },
  });
  if (!r) {
    throw new AppError(
      "not_found",
      providerId
        ? "Model provider not found in this project (it may have been deleted)."
        : "This project has no model provider: add one under Settings → Models.",
    );
  }
  return {
    id: r.id,
    name: r.name,
    kind: kindFromDb(r.kind),
    baseUrl: r.baseUrl,
    defaultModel: r.defaultModel,
    apiKey: r.apiKeySealed ? openKey(r.apiKeySealed, r.name) : null,
  };
}

function openKey(sealed: string, name: string): string {
  try {
    return decryptSecret(sealed, env().ENCRYPTION_KEY);
  } catch {
    throw new AppError(
      "unavailable",
      `The API key of ${name} cannot be read (was ENCRYPTION_KEY changed?): enter it again under Settings → Models.`,
    );
  }
}
