import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { makeMember, makeProject, makeUser, memberActor, memberScope } from "@/prisma/factories";
import { listMembers } from "./data";
import { addMember, changeMemberRole, removeMember } from "./mutations";

async function rejects(p: Promise<unknown>, code: string, message?: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (message) expect((e as AppError).message).toMatch(message);
}

describe("members", () => {
  it("adds a new person with a one-time password that signs in, and records it in the audit log", async () => {
    const owner = await makeProject();
    const r = await addMember(memberScope(owner), memberActor(owner), {
      email: "new.agent@example.test",
      name: "New Agent",
      role: "MEMBER",
    });
    expect(r.temporaryPassword).toMatch(/^[\w-]{12}$/);
    const user = await db().user.findUniqueOrThrow({ where: { email: "new.agent@example.test" } });
    expect(await verifyPassword(r.temporaryPassword!, user.passwordHash)).toBe(true);
    // The one-time password must be replaced at the first sign-in.
    expect(user.mustChangePassword).toBe(true);
    expect((await listMembers(owner.projectId)).map((m) => [m.email, m.role])).toContainEqual([
      "new.agent@example.test",
      "MEMBER",
    ]);
    const log = await db().auditLog.findFirst({
      where: { projectId: owner.projectId, action: "member.added", targetId: user.id },
    });
    expect(log?.actorUserId).toBe(owner.user.id);
  });

  it("adds an existing account without touching its password, and refuses a duplicate", async () => {
    const owner = await makeProject();
    const existing = await makeUser();
    const r = await addMember(memberScope(owner), memberActor(owner), {
      email: existing.email,
      name: "",
      role: "ADMIN",
    });
    expect(r.temporaryPassword).toBeUndefined();
    expect((await db().user.findUniqueOrThrow({ where: { id: existing.id } })).mustChangePassword).toBe(
      false,
    );
    await rejects(
      addMember(memberScope(owner), memberActor(owner), { email: existing.email, name: "", role: "MEMBER" }),
      "conflict",
      /already a member/,
    );
  });

  it("never removes or demotes the last owner, even when two requests race", async () => {
    const owner = await makeProject();
    await rejects(
      removeMember(memberScope(owner), memberActor(owner), { userId: owner.user.id }),
      "conflict",
      /last owner/,
    );
    await rejects(
      changeMemberRole(memberScope(owner), memberActor(owner), { userId: owner.user.id, role: "ADMIN" }),
      "conflict",
      /at least one owner/,
    );

    const second = await makeMember(owner, "OWNER");
    // Each owner demotes the other at the same time: exactly one may succeed.
    const results = await Promise.allSettled([
      changeMemberRole(memberScope(owner), memberActor(owner), { userId: second.user.id, role: "MEMBER" }),
      changeMemberRole(memberScope(second), memberActor(second), { userId: owner.user.id, role: "MEMBER" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = (await listMembers(owner.projectId)).filter((m) => m.role === "OWNER");
    expect(owners).toHaveLength(1);
  });

  it("lets an admin manage members but not owners", async () => {
    const owner = await makeProject();
    const admin = await makeMember(owner, "ADMIN");
    const member = await makeMember(owner, "MEMBER");
    await changeMemberRole(memberScope(admin), memberActor(admin), { userId: member.user.id, role: "ADMIN" });
    await rejects(
      changeMemberRole(memberScope(admin), memberActor(admin), { userId: member.user.id, role: "OWNER" }),
      "forbidden",
    );
    await rejects(
      removeMember(memberScope(admin), memberActor(admin), { userId: owner.user.id }),
      "forbidden",
    );
    await rejects(
      addMember(memberScope(admin), memberActor(admin), {
        email: "boss@example.test",
        name: "",
        role: "OWNER",
      }),
      "forbidden",
    );
    await removeMember(memberScope(admin), memberActor(admin), { userId: member.user.id });
    expect((await listMembers(owner.projectId)).some((m) => m.userId === member.user.id)).toBe(false);
  });
});
