// Factories for seed data and tests: each call makes a complete, valid tenant object.
import { randomBytes } from "node:crypto";
import type { Role } from "@/generated/prisma/enums";
import { hashPassword } from "@/lib/auth/password";
import { type ProjectContext, trustedProjectId } from "@/lib/auth/project-id";
import type { Actor, InboxAccess, Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { createNumber } from "@/lib/numbers/mutations";
import { createProject } from "@/lib/projects/mutations";

const uid = () => randomBytes(4).toString("hex");
const digits = () => String(Math.floor(1e11 + Math.random() * 8.9e11));

export async function makeUser(opts: { email?: string; name?: string; password?: string } = {}) {
  return db().user.create({
    data: {
      email: opts.email ?? `user-${uid()}@example.test`,
      name: opts.name ?? "Test User",
      passwordHash: await hashPassword(opts.password ?? "correct horse battery"),
    },
    select: { id: true, email: true, name: true },
  });
}

/** A project with an owner; returns the owner's context, as the auth layer would build it. */
export async function makeProject(opts: { name?: string } = {}): Promise<ProjectContext> {
  const owner = await makeUser();
  const p = await createProject(owner.id, opts.name ?? `Project ${uid()}`);
  const project = await db().project.findUniqueOrThrow({
    where: { id: p.id },
    select: { id: true, name: true, slug: true },
  });
  return { projectId: trustedProjectId(project.id), project, user: owner, role: "OWNER" };
}

export async function makeMember(ctx: ProjectContext, role: Role): Promise<ProjectContext> {
  const user = await makeUser();
  await db().membership.create({ data: { projectId: ctx.projectId, userId: user.id, role } });
  return { ...ctx, user, role };
}

export async function makeNumber(ctx: ProjectContext, kind: "LIVE" | "SANDBOX" = "SANDBOX") {
  const phoneNumberId = digits();
  const input = {
    kind,
    phoneNumberId,
    wabaId: digits(),
    displayPhoneNumber: `+1 555 ${phoneNumberId.slice(-7)}`,
    verifiedName: "Test Business",
    accessToken: `EAAG${uid()}${uid()}`,
    appSecret: `secret-${uid()}`,
  };
  const { id } = await createNumber(ctx.projectId, input);
  return { id, ...input };
}

/** The scope a signed-in member of this project gets (as lib/http/define-action.ts mints it). */
export function memberScope(ctx: ProjectContext): Scope {
  return { projectId: ctx.projectId };
}

/** The actor a signed-in member of this project is (as lib/http/define-action.ts mints it). */
export function memberActor(ctx: ProjectContext): Actor {
  return { kind: "user", userId: ctx.user.id, role: ctx.role };
}

/** The inbox access a signed-in member of this project gets. */
export function userAccess(ctx: ProjectContext): InboxAccess {
  return { ...memberScope(ctx), actor: memberActor(ctx) };
}

export async function makeConversation(
  ctx: ProjectContext,
  phoneNumberId: string,
  opts: { name?: string; waId?: string } = {},
) {
  const contact = await db().contact.create({
    data: { projectId: ctx.projectId, waId: opts.waId ?? digits(), profileName: opts.name ?? "Customer" },
    select: { id: true },
  });
  return db().conversation.create({
    data: { projectId: ctx.projectId, phoneNumberId, contactId: contact.id, lastInboundAt: new Date() },
    select: { id: true },
  });
}
