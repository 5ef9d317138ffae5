import "@/lib/server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { audit } from "@/lib/audit/mutations";
import { hashPassword } from "@/lib/auth/password";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { emit } from "@/lib/events/outbox";
import type { AddMemberInput } from "./schema";

type Tx = Prisma.TransactionClient;

/** Members are managed by signed-in members only (the actions require ADMIN). */
function actorRole(actor: Actor): Role {
  if (actor.kind !== "user") throw new AppError("forbidden", "Only a project member can manage members.");
  return actor.role;
}

// Only an OWNER may create, demote or remove an OWNER.
function assertMayManage(actor: Role, targetCurrent: Role | null, targetNext: Role | null): void {
  if (actor === "OWNER") return;
  if (targetCurrent === "OWNER" || targetNext === "OWNER") {
    throw new AppError("forbidden", "Only an owner can add, change or remove owners.");
  }
}

/** Locks the project's owner rows so two concurrent demotions cannot both pass the last-owner check. */
async function lockedOwnerCount(tx: Tx, projectId: ProjectId): Promise<number> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership" WHERE "projectId" = ${projectId} AND role = 'OWNER' FOR UPDATE`;
  return rows.length;
}

async function targetMembership(tx: Tx, projectId: ProjectId, userId: string) {
  const m = await tx.membership.findUnique({
    where: { projectId_userId: { projectId, userId } },
    select: { id: true, role: true },
  });
  if (!m) throw new AppError("not_found", "That person is not a member of this project.");
  return m;
}

export interface AddMemberResult {
  userId: string;
  /** Set only when a new account was created: shown once to the admin to pass on. */
  temporaryPassword?: string;
}

export async function addMember(
  scope: Scope,
  actor: Actor,
  input: Omit<AddMemberInput, "projectId">,
): Promise<AddMemberResult> {
  const { projectId } = scope;
  assertMayManage(actorRole(actor), null, input.role);
  const existing = await db().user.findUnique({ where: { email: input.email }, select: { id: true } });
  const temporaryPassword = existing ? undefined : randomBytes(9).toString("base64url");
  const passwordHash = temporaryPassword ? await hashPassword(temporaryPassword) : undefined;

  const userId = await db().$transaction(async (tx) => {
    const user =
      existing ??
      (await tx.user.create({
        // A one-time password: it opens nothing but the page that replaces it.
        data: { email: input.email, name: input.name || null, passwordHash, mustChangePassword: true },
        select: { id: true },
      }));
    const already = await tx.membership.findUnique({
      where: { projectId_userId: { projectId, userId: user.id } },
      select: { id: true },
    });
    if (already)
      throw new AppError("conflict", `${input.email} is already a member of this project.`, {
        fields: { email: "Already a member" },
      });
    await tx.membership.create({ data: { projectId, userId: user.id, role: input.role } });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "member.added",
      targetType: "user",
      targetId: user.id,
      data: { role: input.role, newAccount: !existing },
    });
    await emit(tx, projectId, "member.added", { userId: user.id, role: input.role });
    return user.id;
  });
  wakeDispatcher();
  return { userId, temporaryPassword };
}

export async function changeMemberRole(
  scope: Scope,
  actor: Actor,
  { userId, role }: { userId: string; role: Role },
): Promise<void> {
  const { projectId } = scope;
  const actorsRole = actorRole(actor);
  await db().$transaction(async (tx) => {
    const owners = await lockedOwnerCount(tx, projectId);
    const target = await targetMembership(tx, projectId, userId);
    assertMayManage(actorsRole, target.role, role);
    if (target.role === role) return;
    if (target.role === "OWNER" && owners <= 1) {
      throw new AppError(
        "conflict",
        "A project needs at least one owner. Make someone else an owner first.",
        { fields: { role: "Last owner" } },
      );
    }
    await tx.membership.update({ where: { id: target.id }, data: { role } });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "member.role_changed",
      targetType: "user",
      targetId: userId,
      data: { from: target.role, to: role },
    });
    await emit(tx, projectId, "member.updated", { userId, role, previousRole: target.role });
  });
  wakeDispatcher();
}

export async function removeMember(
  scope: Scope,
  actor: Actor,
  { userId }: { userId: string },
): Promise<void> {
  const { projectId } = scope;
  const actorsRole = actorRole(actor);
  await db().$transaction(async (tx) => {
    const owners = await lockedOwnerCount(tx, projectId);
    const target = await targetMembership(tx, projectId, userId);
    assertMayManage(actorsRole, target.role, null);
    if (target.role === "OWNER" && owners <= 1) {
      throw new AppError("conflict", "The last owner cannot be removed. Make someone else an owner first.");
    }
    await tx.membership.delete({ where: { id: target.id } });
    // Their open assignments in this project end with their access.
    await tx.conversationAssignment.updateMany({
      where: { projectId, userId, active: true },
      data: { active: false, endedAt: new Date() },
    });
    await audit(tx, projectId, {
      ...actorColumns(actor),
      action: "member.removed",
      targetType: "user",
      targetId: userId,
      data: { role: target.role },
    });
    // The realtime subscriber also takes their sockets out of the project's room.
    await emit(tx, projectId, "member.removed", { userId, role: target.role });
  });
  wakeDispatcher();
}
