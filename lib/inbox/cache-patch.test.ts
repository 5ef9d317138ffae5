import { describe, expect, it } from "vitest";
import type { ConversationListItem, ConversationPage, Thread, ThreadMessage } from "@/lib/conversations/data";
import {
  addThreadMessage,
  listMatches,
  patchListItem,
  patchThreadMessage,
  removeFromList,
  setThreadConversation,
  threadHas,
  upsertListItem,
} from "./cache-patch";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();

function item(id: string, minute: number, over: Partial<ConversationListItem> = {}): ConversationListItem {
  return {
    id,
    status: "ACTIVE",
    contactName: `Contact ${id}`,
    contactNumber: "15550001",
    numberId: "n1",
    numberDisplay: "+1 555 0001",
    unreadCount: 0,
    lastMessageAt: at(minute),
    windowClosesAt: null,
    assignee: null,
    referral: null,
    workflowStatus: null,
    lastMessage: null,
    ...over,
  };
}

function msg(id: string, minute: number, over: Partial<ThreadMessage> = {}): ThreadMessage {
  return {
    id,
    wamid: `wamid.${id}`,
    direction: "INBOUND",
    type: "text",
    content: { type: "text", text: { body: id } },
    status: "RECEIVED",
    error: null,
    origin: "CUSTOMER",
    sentAt: at(minute),
    ...over,
  };
}

const list = (...pages: { items: ConversationListItem[]; nextCursor: string | null }[]) => ({
  pages: pages as ConversationPage[],
  pageParams: pages.map((_, i) => (i === 0 ? null : `c${i}`)),
});
const ids = (d: ReturnType<typeof list> | "invalidate") =>
  d === "invalidate" ? d : d.pages.map((p) => p.items.map((i) => i.id));

const thread = (...pages: ThreadMessage[][]) => ({
  pages: pages.map(
    (messages, i): Thread => ({
      conversation: item("c", 0),
      messages,
      olderCursor: i < pages.length - 1 ? "x" : null,
    }),
  ),
  pageParams: pages.map((_, i) => (i === 0 ? null : `p${i}`)),
});
const threadIds = (d: ReturnType<typeof thread>) => d.pages.map((p) => p.messages.map((m) => m.id));

describe("listMatches", () => {
  it("applies status, number and assignee filters, and leaves searches to the server", () => {
    const mine = item("a", 1, { assignee: { id: "me", name: "Me" } });
    expect(listMatches(mine, {}, "me")).toBe(true);
    expect(listMatches(mine, { status: "ENDED" }, "me")).toBe(false);
    expect(listMatches(mine, { numberId: "n2" }, "me")).toBe(false);
    expect(listMatches(mine, { assignee: "me" }, "me")).toBe(true);
    expect(listMatches(mine, { assignee: "me" }, null)).toBe(false);
    expect(listMatches(mine, { assignee: "unassigned" }, "me")).toBe(false);
    expect(listMatches(item("b", 1), { assignee: "unassigned" }, "me")).toBe(true);
    expect(listMatches(mine, { assignee: "someone" }, "me")).toBe(false);
    expect(listMatches(mine, { q: "ana" }, "me")).toBe("unknown");
    expect(listMatches(mine, { q: "   " }, "me")).toBe(true);
  });
});

describe("upsertListItem", () => {
  it("moves a conversation with a new message to the top of the first page", () => {
    const d = list(
      { items: [item("a", 5), item("b", 4)], nextCursor: "x" },
      { items: [item("c", 3)], nextCursor: null },
    );
    const next = upsertListItem(d, item("c", 9, { unreadCount: 1 }), {}, null);
    expect(ids(next)).toEqual([["c", "a", "b"], []]);
    expect(next !== "invalidate" && next.pages[0]?.items[0]?.unreadCount).toBe(1);
    // The input is not mutated (TanStack Query compares by reference).
    expect(ids(d)).toEqual([["a", "b"], ["c"]]);
  });

  it("adds a new conversation in order, ties broken by id as the server does", () => {
    const d = list({ items: [item("a", 5), item("b", 3)], nextCursor: null });
    expect(ids(upsertListItem(d, item("z", 5), {}, null))).toEqual([["z", "a", "b"]]);
    expect(ids(upsertListItem(d, item("c", 4), {}, null))).toEqual([["a", "c", "b"]]);
    expect(ids(upsertListItem(d, item("c", 1), {}, null))).toEqual([["a", "b", "c"]]);
  });

  it("leaves a row older than everything loaded to paging when more pages remain", () => {
    const d = list({ items: [item("a", 5)], nextCursor: "x" });
    expect(ids(upsertListItem(d, item("old", 1), {}, null))).toEqual([["a"]]);
  });

  it("removes a row that no longer matches the filters (closed, reassigned)", () => {
    const d = list({ items: [item("a", 5), item("b", 4)], nextCursor: null });
    expect(ids(upsertListItem(d, item("a", 5, { status: "ENDED" }), { status: "ACTIVE" }, null))).toEqual([
      ["b"],
    ]);
    const taken = item("b", 4, { assignee: { id: "u2", name: "Bo" } });
    expect(ids(upsertListItem(d, taken, { assignee: "unassigned" }, null))).toEqual([["a"]]);
    expect(ids(upsertListItem(d, item("x", 9, { numberId: "n2" }), { numberId: "n1" }, null))).toEqual([
      ["a", "b"],
    ]);
  });

  it("asks for a refetch of a searched list", () => {
    const d = list({ items: [item("a", 5)], nextCursor: null });
    expect(upsertListItem(d, item("a", 6), { q: "refund" }, null)).toBe("invalidate");
  });
});

describe("list row patches", () => {
  it("patches and removes one row; unchanged data keeps its identity", () => {
    const d = list({ items: [item("a", 5, { unreadCount: 3 }), item("b", 4)], nextCursor: null });
    const read = patchListItem(d, "a", { unreadCount: 0 });
    expect(read.pages[0]?.items[0]?.unreadCount).toBe(0);
    expect(patchListItem(d, "zzz", { unreadCount: 0 })).toBe(d);
    expect(ids(removeFromList(d, "a"))).toEqual([["b"]]);
    expect(removeFromList(d, "zzz")).toBe(d);
  });
});

describe("thread patches", () => {
  it("appends a new message to the newest page and replaces the header item", () => {
    const d = thread([msg("m1", 1), msg("m2", 2)], [msg("m0", 0)]);
    const conv = item("c", 3, { unreadCount: 1 });
    const next = addThreadMessage(d, msg("m3", 3), conv);
    expect(threadIds(next)).toEqual([["m1", "m2", "m3"], ["m0"]]);
    expect(next.pages[0]?.conversation).toBe(conv);
  });

  it("never shows a message twice (same event twice, or a refetch that already had it)", () => {
    const d = thread([msg("m1", 1), msg("m2", 2)]);
    const once = addThreadMessage(d, msg("m3", 3), null);
    const twice = addThreadMessage(once, msg("m3", 3, { status: "READ" }), null);
    expect(threadIds(twice)).toEqual([["m1", "m2", "m3"]]);
    expect(twice.pages[0]?.messages[2]?.status).toBe("READ");
    const older = thread([msg("m5", 5)], [msg("m1", 1)]);
    expect(threadIds(addThreadMessage(older, msg("m1", 1), null))).toEqual([["m5"], ["m1"]]);
  });

  it("keeps time order when a message arrives out of order (same second: by id)", () => {
    const d = thread([msg("m1", 1), msg("m3", 3)]);
    expect(threadIds(addThreadMessage(d, msg("m2", 2), null))).toEqual([["m1", "m2", "m3"]]);
    expect(threadIds(addThreadMessage(d, msg("m0", 3), null))).toEqual([["m1", "m0", "m3"]]);
  });

  it("patches a status and error in place, and ignores a message it does not have", () => {
    const d = thread([msg("m1", 1, { direction: "OUTBOUND", status: "SENT" })], [msg("m0", 0)]);
    const failed = patchThreadMessage(d, "m1", { status: "FAILED", error: { code: 131047 } });
    expect(failed.pages[0]?.messages[0]).toMatchObject({ status: "FAILED", error: { code: 131047 } });
    expect(patchThreadMessage(d, "nope", { status: "READ", error: null })).toBe(d);
  });

  it("patches the header and answers whether a message is shown", () => {
    const d = thread([msg("m1", 1)]);
    expect(
      setThreadConversation(d, { unreadCount: 0, status: "ENDED" }).pages[0]?.conversation,
    ).toMatchObject({
      id: "c",
      status: "ENDED",
    });
    expect(threadHas(d, "m1")).toBe(true);
    expect(threadHas(d, "m2")).toBe(false);
    expect(threadHas(undefined, "m1")).toBe(false);
  });
});
