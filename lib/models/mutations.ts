import "@/lib/server-only";
import { audit } from "@/lib/audit/mutations";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getProvider, kindToDb, type ModelProviderDto } from "./data";
import type { CreateProviderInput, UpdateProviderInput } from "./schema";

const seal = (key: string) => encryptSecret(key, env().ENCRYPTION_KEY);
const last4 = (key: string) => key.slice(-4);

function duplicateName(e: unknown): never {
  if ((e as { code?: string })?.code === "P2002") {
    throw new AppError("conflict", "A model provider with this name already exists in the project.", {
      fields: { name: "Another provider has this name" },
    });
  }
  throw e;
}

/** Adds a provider; its key is stored sealed. The project's first provider becomes its default. */
export async function createProvider(
  scope: Scope,
  actor: Actor,
  input: CreateProviderInput,
): Promise<ModelProviderDto> {
  const { projectId } = scope;
  const id = await db()
    .$transaction(async (tx) => {
      const existing = await tx.modelProvider.count({ where: { projectId } });
      const isDefault = existing === 0 || input.isDefault === true;
      if (isDefault) await tx.modelProvider.updateMany({ where: { projectId }, data: { isDefault: false } });
      const row = await tx.modelProvider.create({
        data: {
          projectId,
          name: input.name,
          kind: kindToDb(input.kind),
          baseUrl: input.baseUrl,
          apiKeySealed: input.apiKey ? seal(input.apiKey) : null,
          apiKeyLast4: input.apiKey ? last4(input.apiKey) : null,
          defaultModel: input.defaultModel,
          isDefault,
          createdById: actor.kind === "user" ? actor.userId : null,
        },
        select: { id: true },
      });
      await audit(tx, projectId, {
        ...actorColumns(actor),
        action: "model_provider.created",
        targetType: "model_provider",
        targetId: row.id,
        data: { name: input.name, kind: input.kind, baseUrl: input.baseUrl },
      });
      return row.id;
    })
    .catch(duplicateName);
  return getProvider(projectId, id);
}

/** Changes a provider. A new key replaces the sealed one; "" removes it; no key keeps it. */
export async function updateProvider(
  scope: Scope,
  actor: Actor,
  { providerId: id, ...input }: UpdateProviderInput & { providerId: string },
): Promise<ModelProviderDto> {
  const { projectId } = scope;
  await db()
    .$transaction(async (tx) => {
      const current = await tx.modelProvider.findFirst({ where: { id, projectId }, select: { kind: true } });
      if (!current) throw new AppError("not_found", "Model provider not found.");
      if (input.apiKey === "" && current.kind !== "OLLAMA") {
        throw new AppError("validation", "API key is required for this kind", {
          fields: { apiKey: "API key is required for this kind" },
        });
      }
      if (input.isDefault)
        await tx.modelProvider.updateMany({ where: { projectId }, data: { isDefault: false } });
      const changedEndpoint = input.baseUrl !== undefined || input.apiKey !== undefined;
      await tx.modelProvider.update({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
          ...(input.defaultModel !== undefined ? { defaultModel: input.defaultModel } : {}),
          ...(input.apiKey !== undefined
            ? input.apiKey === ""
              ? { apiKeySealed: null, apiKeyLast4: null }
              : { apiKeySealed: seal(input.apiKey), apiKeyLast4: last4(input.apiKey) }
            : {}),
          ...(input.isDefault ? { isDefault: true } : {}),
          // A test of the old address or key says nothing about the new one.
          ...(changedEndpoint ? { lastTestedAt: null, lastTestOk: null, lastTestError: null } : {}),
        },
      });
      await audit(tx, projectId, {
        ...actorColumns(actor),
        action: "model_provider.updated",
        targetType: "model_provider",
        targetId: id,
        data: {
          fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined),
        },
      });
    })
    .catch(duplicateName);
  return getProvider(projectId, id);
}

/** Deletes a provider. When it was the default, the oldest remaining provider becomes the default. */
export async function deleteProvider(scope: Scope, actor: Actor, { providerId: id }: { providerId: string }) {
  const { projectId } = scope;
  await db().$transaction(async (tx) => {
    const row = await tx.modelProvider.findFirst({
      where: { id, projectId },
      select: { name: true, isDefault: true },
    });
    if (!row) throw new AppError("not_found", "Model provider not found.");
    await tx.modelProvider.delete({ where: { id } });
    if (row.isDefault) {
      const next = await tx.modelProvider.findFirst({
        where: { projectId },
        orderBy: { createdAt: "asc" },
        select: { id: true },
      });
      if (next) await tx.modelProvider.update({ where: { id: next.id }, data: { isDefault: true } });
    }
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "model_provider.deleted",
      targetType: "model_provider",
      targetId: id,
      data: { name: row.name },
    });
  });
}

/** Records the outcome of a connection test on the provider (shown on the settings page). */
export async function recordProviderTest(
  scope: Scope,
  _actor: Actor,
  { providerId: id, ok, error }: { providerId: string; ok: boolean; error: string | null },
): Promise<void> {
  await db().modelProvider.updateMany({
    where: { id, projectId: scope.projectId },
    data: { lastTestedAt: new Date(), lastTestOk: ok, lastTestError: ok ? null : error },
  });
}
