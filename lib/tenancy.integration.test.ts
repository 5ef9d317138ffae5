import { describe, expect, it } from "vitest";
import {
  makeConversation,
  makeMember,
  makeNumber,
  makeProject,
  memberActor,
  memberScope,
} from "@/prisma/factories";
import { countConversations } from "./conversations/data";
import { decryptSecret } from "./crypto/secret-box";
import { db } from "./db/client";
import { env } from "./env";
import { AppError } from "./errors";
import { listMembers } from "./members/data";
import { changeMemberRole, removeMember } from "./members/mutations";
import { countNumbers, listNumbers } from "./numbers/data";
import { listProjectsForUser } from "./projects/data";
import { renameProject } from "./projects/mutations";

describe("tenant isolation of the data layer", () => {
  it("never returns another project's rows", async () => {
    const a = await makeProject({ name: "Tenant A" });
    const b = await makeProject({ name: "Tenant B" });
    const bMember = await makeMember(b, "MEMBER");
    const aNumber = await makeNumber(a);
    const bNumber = await makeNumber(b, "LIVE");
    await makeConversation(a, aNumber.id);
    await makeConversation(b, bNumber.id);
    await makeConversation(b, bNumber.id);

    const aMembers = await listMembers(a.projectId);
    expect(aMembers.map((m) => m.userId)).toEqual([a.user.id]);
    expect(aMembers.some((m) => m.userId === bMember.user.id)).toBe(false);

    // Each project also starts with its own sandbox number.
    const aNumbers = await listNumbers(a.projectId);
    expect(aNumbers.map((n) => n.id)).toContain(aNumber.id);
    expect(aNumbers.map((n) => n.id)).not.toContain(bNumber.id);
    const aOwned = await db().phoneNumber.count({ where: { projectId: a.projectId } });
    expect(aNumbers).toHaveLength(aOwned);
    expect(await countNumbers(a.projectId)).toBe(aOwned);
    expect(await countConversations(a.projectId)).toEqual({ active: 1, total: 1 });
    expect(await countConversations(b.projectId)).toEqual({ active: 2, total: 2 });

    expect((await listProjectsForUser(bMember.user.id)).map((p) => p.id)).toEqual([b.projectId]);
  });

  it("never changes another project's rows, even with a real user id from that project", async () => {
    const a = await makeProject();
    const b = await makeProject();
    const bAdmin = await makeMember(b, "ADMIN");

    // A's owner acts with A's context on B's people: the data layer scopes by A and finds nothing.
    // One at a time: a second attempt started early would reject with no handler yet attached.
    for (const attempt of [
      () => changeMemberRole(memberScope(a), memberActor(a), { userId: bAdmin.user.id, role: "MEMBER" }),
      () => removeMember(memberScope(a), memberActor(a), { userId: b.user.id }),
    ]) {
      const e = await attempt().then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("not_found");
    }
    const bMembers = await listMembers(b.projectId);
    expect(bMembers.map((m) => [m.userId, m.role])).toEqual([
      [b.user.id, "OWNER"],
      [bAdmin.user.id, "ADMIN"],
    ]);

    await renameProject(memberScope(a), memberActor(a), { name: "Renamed A" });
    expect((await db().project.findUniqueOrThrow({ where: { id: b.projectId } })).name).toBe(b.project.name);
  });

  it("keeps Meta credentials encrypted at rest and out of the DTOs", async () => {
    const a = await makeProject();
    const n = await makeNumber(a, "LIVE");
    const row = await db().phoneNumber.findUniqueOrThrow({ where: { id: n.id } });
    expect(row.accessTokenEnc).toMatch(/^v1\./);
    expect(row.accessTokenEnc).not.toContain("EAAG");
    expect(decryptSecret(row.accessTokenEnc!, env().ENCRYPTION_KEY)).toMatch(/^EAAG/);
    const dtos = await listNumbers(a.projectId);
    expect(dtos.length).toBeGreaterThan(1);
    expect(JSON.stringify(dtos)).not.toMatch(/Enc|EAAG|secret/);
  });

  it("enforces one active assignment per conversation in the database", async () => {
    const a = await makeProject();
    const agent = await makeMember(a, "MEMBER");
    const n = await makeNumber(a);
    const c = await makeConversation(a, n.id);
    await db().conversationAssignment.create({
      data: { projectId: a.projectId, conversationId: c.id, userId: a.user.id },
    });
    await expect(
      db().conversationAssignment.create({
        data: { projectId: a.projectId, conversationId: c.id, userId: agent.user.id },
      }),
    ).rejects.toThrow(/Unique constraint/i);
    // Ending the first makes room for the next; history stays.
    await db().conversationAssignment.updateMany({
      where: { conversationId: c.id, active: true },
      data: { active: false },
    });
    await db().conversationAssignment.create({
      data: { projectId: a.projectId, conversationId: c.id, userId: agent.user.id },
    });
    expect(await db().conversationAssignment.count({ where: { conversationId: c.id } })).toBe(2);
  });
});
