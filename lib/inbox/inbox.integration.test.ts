import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/http/errors";
import { makeConversation, makeNumber, makeProject } from "@/prisma/factories";
import { getThread, listInbox } from "./data";
import { markConversationRead, sendOperatorText } from "./mutations";

async function codeOf(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return (e as AppError).code;
}

describe("inbox data", () => {
  it("lists only the project's conversations, newest activity first, and pages by cursor", async () => {
    const a = await makeProject();
    const b = await makeProject();
    const na = await makeNumber(a);
    const nb = await makeNumber(b);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await makeConversation(a, na.id);
      await db().conversation.update({
        where: { id: c.id },
        data: { lastMessageAt: new Date(Date.now() - i * 60_000) },
      });
      ids.push(c.id);
    }
    const foreign = await makeConversation(b, nb.id);
    const page = await listInbox(a.projectId, {});
    expect(page.items.map((c) => c.id)).toEqual(ids);
    expect(page.items.some((c) => c.id === foreign.id)).toBe(false);
    expect((await listInbox(a.projectId, { status: "ENDED" })).items).toHaveLength(0);
  });

  it("never opens, reads or replies to another project's conversation", async () => {
    const a = await makeProject();
    const b = await makeProject();
    const nb = await makeNumber(b);
    const foreign = await makeConversation(b, nb.id);
    await db().conversation.update({ where: { id: foreign.id }, data: { unreadCount: 3 } });
    expect(await codeOf(getThread(a.projectId, foreign.id))).toBe("not_found");
    expect(await codeOf(sendOperatorText(a, foreign.id, "hi"))).toBe("not_found");
    await markConversationRead(a, foreign.id);
    expect((await db().conversation.findUniqueOrThrow({ where: { id: foreign.id } })).unreadCount).toBe(3);
  });

  it("refuses a free-form reply outside the 24-hour window and stores nothing", async () => {
    const a = await makeProject();
    const n = await makeNumber(a);
    const c = await makeConversation(a, n.id);
    await db().conversation.update({
      where: { id: c.id },
      data: { lastInboundAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const e = await sendOperatorText(a, c.id, "hello?").catch((err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toMatch(/template/);
    expect(await db().message.count({ where: { conversationId: c.id } })).toBe(0);
  });
});

describe("the window spans conversations", () => {
  it("counts the customer's last message in an ended conversation when a new one starts", async () => {
    const a = await makeProject();
    const n = await makeNumber(a);
    const old = await makeConversation(a, n.id);
    await db().conversation.update({
      where: { id: old.id },
      data: { status: "ENDED", lastInboundAt: new Date(Date.now() - 3600_000) },
    });
    const contact = await db().conversation.findUniqueOrThrow({
      where: { id: old.id },
      select: { contactId: true },
    });
    const fresh = await db().conversation.create({
      data: { projectId: a.projectId, phoneNumberId: n.id, contactId: contact.contactId },
    });
    // No Graph is reachable here, so the send fails later; what matters is that the window does not refuse it.
    const e = await sendOperatorText(a, fresh.id, "following up").catch((err: unknown) => err);
    expect(String((e as Error)?.message)).not.toMatch(/24-hour window/);
  });
});
