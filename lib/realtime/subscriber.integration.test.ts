import { describe, expect, it } from "vitest";
import type { ProjectContext } from "@/lib/auth/project-id";
import type { InboxAccess } from "@/lib/auth/scope";
import { getConversationItem, getThread, listInbox } from "@/lib/conversations/data";
import { assignConversation, setConversationStatus } from "@/lib/conversations/mutations";
import { db } from "@/lib/db/client";
import type { EventRow } from "@/lib/events/subscribers";
import { markConversationRead } from "@/lib/inbox/mutations";
import { ingestMessage } from "@/lib/ingest/process";
import { numberByMetaId } from "@/lib/numbers/credentials";
import {
  makeMember,
  makeNumber,
  makeProject,
  memberActor,
  memberScope,
  userAccess,
} from "@/prisma/factories";
import { type BatchedEvent, rooms } from "./events";
import { realtimePayloads } from "./subscriber";

// The realtime payloads must be exactly what the inbox queries return, so a client that patches its
// cache from an event ends where a refetch would have left it.

async function eventsOf(projectId: string, after = 0n): Promise<EventRow[]> {
  return db().$queryRaw<EventRow[]>`
    SELECT id, "projectId", type, payload, "createdAt" FROM "DomainEvent"
    WHERE "projectId" = ${projectId} AND id > ${after} ORDER BY id`;
}

const payloads = (events: EventRow[]) => db().$transaction((tx) => realtimePayloads(tx, events));

const embedAccess = (ctx: ProjectContext, numberIds?: string[]): InboxAccess => ({
  projectId: ctx.projectId,
  actor: { kind: "embed", embedId: "e" },
  numberIds,
});

async function inbound(metaNumberId: string, from: string, wamid: string, body: string) {
  const number = await numberByMetaId(metaNumberId);
  if (!number) throw new Error("number not found");
  await ingestMessage(
    number,
    { from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body } },
    { waId: from, profileName: "Ana" },
  );
}

const lastId = (events: EventRow[]) => events.at(-1)?.id ?? 0n;
const only = <E extends BatchedEvent["event"]>(list: BatchedEvent[] | undefined, event: E) =>
  (list ?? []).filter((e): e is Extract<BatchedEvent, { event: E }> => e.event === event);

describe("realtime subscriber payloads", () => {
  it("carries a new message and its list item exactly as the thread and list queries return them", async () => {
    const a = await makeProject();
    const n = await makeNumber(a);
    const from = "5511900000001";
    await inbound(n.phoneNumberId, from, `wamid.rt.${Date.now()}.1`, "hello there");
    await inbound(n.phoneNumberId, from, `wamid.rt.${Date.now()}.2`, "are you there?");
    const events = await eventsOf(a.projectId);
    expect(events.filter((e) => e.type === "whatsapp.message.received")).toHaveLength(2);

    const out = await payloads(events);
    const created = only(out.get(rooms.project(a.projectId)), "message.created");
    expect(created).toHaveLength(2);
    const first = created[0]!.payload;
    const thread = await getThread(userAccess(a), first.conversationId);
    const list = await listInbox(userAccess(a), {});
    expect(created.map((e) => e.payload.message)).toEqual(thread.messages);
    expect(first.conversation).toEqual(list.items.find((i) => i.id === first.conversationId));
    expect(first.conversation).toEqual(thread.conversation);
    // The item carries what the notifier and the list need (the #10 notification bug was a null here).
    expect(first.conversation.lastMessage).toMatchObject({ direction: "INBOUND", type: "text" });
    expect(first.conversation.unreadCount).toBe(2);

    // Embeds on the number's room get the same, built for the embed audience.
    const forEmbed = only(out.get(rooms.number(n.id)), "message.created");
    expect(forEmbed.map((e) => e.payload.conversation)).toEqual([
      await getConversationItem(embedAccess(a, [n.id]), first.conversationId),
      await getConversationItem(embedAccess(a, [n.id]), first.conversationId),
    ]);
  });

  it("sends a status as the message id and its new status, to operators and the number's embeds", async () => {
    const a = await makeProject();
    const n = await makeNumber(a);
    await inbound(n.phoneNumberId, "5511900000002", `wamid.rt.${Date.now()}.s`, "hi");
    const before = lastId(await eventsOf(a.projectId));
    const m = await db().message.findFirstOrThrow({ where: { projectId: a.projectId } });
    // An outbound message failing (the shape a Graph error leaves), and its event.
    const failed = await db().message.create({
      data: {
        projectId: a.projectId,
        conversationId: m.conversationId,
        phoneNumberId: n.id,
        direction: "OUTBOUND",
        type: "text",
        content: { type: "text", text: { body: "reply" } },
        status: "FAILED",
        error: { code: 131047, title: "Re-engagement message" },
        origin: "OPERATOR",
      },
    });
    await db().domainEvent.create({
      data: {
        projectId: a.projectId,
        type: "whatsapp.message.failed",
        payload: { messageId: failed.id, conversationId: m.conversationId, phoneNumberId: n.id },
      },
    });
    const out = await payloads(await eventsOf(a.projectId, before));
    const updated = only(out.get(rooms.project(a.projectId)), "message.updated");
    expect(updated.map((e) => e.payload)).toEqual([
      {
        projectId: a.projectId,
        conversationId: m.conversationId,
        messageId: failed.id,
        status: "FAILED",
        error: { code: 131047, title: "Re-engagement message" },
      },
    ]);
    const thread = await getThread(userAccess(a), m.conversationId);
    expect(thread.messages.find((x) => x.id === failed.id)).toMatchObject({
      status: updated[0]!.payload.status,
      error: updated[0]!.payload.error,
    });
    expect(only(out.get(rooms.number(n.id)), "message.updated")).toHaveLength(1);
  });

  it("sends conversation changes as the list item; embeds never see a team email", async () => {
    const a = await makeProject();
    const n = await makeNumber(a);
    const x = await makeMember(a, "MEMBER");
    const y = await makeMember(a, "MEMBER");
    // A member without a name: operators see the email, embeds must not.
    await db().user.update({ where: { id: x.user.id }, data: { name: null } });
    await inbound(n.phoneNumberId, "5511900000003", `wamid.rt.${Date.now()}.c`, "hi");
    const c = await db().conversation.findFirstOrThrow({ where: { projectId: a.projectId } });
    let before = lastId(await eventsOf(a.projectId));

    await assignConversation(memberScope(a), memberActor(a), { conversationId: c.id, userId: x.user.id });
    let out = await payloads(await eventsOf(a.projectId, before));
    const team = only(out.get(rooms.project(a.projectId)), "conversation.updated");
    expect(team.map((e) => e.payload.conversation)).toEqual([await getConversationItem(userAccess(a), c.id)]);
    expect(team[0]!.payload.conversation?.assignee).toEqual({ id: x.user.id, name: x.user.email });
    const embed = only(out.get(rooms.number(n.id)), "conversation.updated");
    expect(embed.map((e) => e.payload.conversation)).toEqual([
      await getConversationItem(embedAccess(a), c.id),
    ]);
    expect(embed[0]!.payload.conversation?.assignee?.name).toBe("Team member");
    // An embed bound to x hears it on x's room too.
    expect(only(out.get(rooms.numberAssignee(n.id, x.user.id)), "conversation.updated")).toHaveLength(1);
    for (const [room, list] of out)
      if (room !== rooms.project(a.projectId)) expect(JSON.stringify(list)).not.toContain(x.user.email);

    // Reassigned to y: x's bound embeds are told the row left their scope.
    before = lastId(await eventsOf(a.projectId));
    await assignConversation(memberScope(a), memberActor(a), { conversationId: c.id, userId: y.user.id });
    out = await payloads(await eventsOf(a.projectId, before));
    expect(only(out.get(rooms.numberAssignee(n.id, x.user.id)), "conversation.updated")).toEqual([
      {
        event: "conversation.updated",
        payload: { projectId: a.projectId, conversationId: c.id, conversation: null },
      },
    ]);
    expect(only(out.get(rooms.numberAssignee(n.id, y.user.id)), "conversation.updated")).toHaveLength(1);

    // Read here: every tab's unread badge goes to 0 without a fetch.
    before = lastId(await eventsOf(a.projectId));
    await markConversationRead(memberScope(a), memberActor(a), { conversationId: c.id });
    await setConversationStatus(memberScope(a), memberActor(a), { conversationId: c.id, status: "ENDED" });
    out = await payloads(await eventsOf(a.projectId, before));
    const changes = only(out.get(rooms.project(a.projectId)), "conversation.updated");
    expect(changes).toHaveLength(2);
    const now = await getConversationItem(userAccess(a), c.id);
    expect(now).toMatchObject({ unreadCount: 0, status: "ENDED" });
    for (const e of changes) expect(e.payload.conversation).toEqual(now);
    expect((await listInbox(userAccess(a), { status: "ENDED" })).items).toEqual([now]);
  });

  it("reads a whole batch in a fixed number of queries, not one per event", async () => {
    const a = await makeProject();
    const n = await makeNumber(a);
    for (let i = 0; i < 20; i++)
      await inbound(
        n.phoneNumberId,
        `55119000001${String(i).padStart(2, "0")}`,
        `wamid.rt.q.${Date.now()}.${i}`,
        `m${i}`,
      );
    const events = await eventsOf(a.projectId);
    const countFor = (batch: EventRow[]) =>
      db().$transaction(async (tx) => {
        let queries = 0;
        const count =
          <T extends object>(target: T) =>
          (f: unknown) =>
          (...args: unknown[]) => {
            queries++;
            return (f as (...a: unknown[]) => unknown).apply(target, args);
          };
        // Counts every model read and raw query the subscriber makes through the transaction.
        const counted = new Proxy(tx, {
          get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver);
            if (prop === "$queryRaw") return count(target)(v);
            if (typeof v === "object" && v && "findMany" in v)
              return new Proxy(v, {
                get: (t, p) =>
                  typeof Reflect.get(t, p) === "function" ? count(t)(Reflect.get(t, p)) : Reflect.get(t, p),
              });
            return v;
          },
        });
        const out = await realtimePayloads(counted, batch);
        return { queries, created: only(out.get(rooms.project(a.projectId)), "message.created").length };
      });
    const received = events.filter((e) => e.type === "whatsapp.message.received");
    const one = await countFor(received.slice(0, 1));
    const all = await countFor(received);
    expect(one.created).toBe(1);
    expect(all.created).toBe(20);
    expect(all.queries).toBe(one.queries);
    // Conversations with their last messages, referral headlines, messages.
    expect(all.queries).toBe(3);
  });
});
