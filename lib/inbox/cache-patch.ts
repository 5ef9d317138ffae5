import type { InfiniteData } from "@tanstack/react-query";
import type { ConversationListItem, ConversationPage, Thread, ThreadMessage } from "@/lib/conversations/data";
import type { ListFilters } from "./query-keys";

// Pure cache updates for realtime events: given a cached list or thread and what an event carries,
// the new cache value. "invalidate" means the patch cannot be sure (an active search), so the caller
// refetches just that query. Returning the same object means nothing changed.

type ListData = InfiniteData<ConversationPage, string | null>;
type ThreadData = InfiniteData<Thread, string | null>;

/**
 * Whether a conversation belongs in a list with these filters, or "unknown" when the server decides
 * (a search matches message text the client does not have).
 */
export function listMatches(
  item: ConversationListItem,
  f: ListFilters,
  meId: string | null,
): boolean | "unknown" {
  if (f.q?.trim()) return "unknown";
  if (f.status && item.status !== f.status) return false;
  if (f.numberId && item.numberId !== f.numberId) return false;
  if (f.assignee === "unassigned") return item.assignee === null;
  if (f.assignee === "me") return !!meId && item.assignee?.id === meId;
  if (f.assignee) return item.assignee?.id === f.assignee;
  return true;
}

/** The list's order: last activity newest first, then id (as the server's keyset paging). */
function before(a: ConversationListItem, b: ConversationListItem): boolean {
  if (a.lastMessageAt !== b.lastMessageAt) return a.lastMessageAt > b.lastMessageAt;
  return a.id > b.id;
}

export function removeFromList(data: ListData, id: string): ListData {
  if (!data.pages.some((p) => p.items.some((i) => i.id === id))) return data;
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((i) => i.id !== id) })) };
}

/**
 * Puts a conversation's new list item where it belongs in a cached list: moved to its place by last
 * activity, patched in place, or removed when it no longer matches the filters. A row that sorts after
 * everything loaded while older pages remain is left for paging to bring.
 */
export function upsertListItem(
  data: ListData,
  item: ConversationListItem,
  f: ListFilters,
  meId: string | null,
): ListData | "invalidate" {
  const match = listMatches(item, f, meId);
  if (match === "unknown") return "invalidate";
  const without = removeFromList(data, item.id);
  if (!match) return without;
  const pages = without.pages.map((p) => ({ ...p, items: [...p.items] }));
  const last = pages.length - 1;
  for (let i = 0; i <= last; i++) {
    const page = pages[i]!;
    const at = page.items.findIndex((x) => before(item, x));
    if (at >= 0) {
      page.items.splice(at, 0, item);
      return { ...without, pages };
    }
    if (i === last && !page.nextCursor) {
      page.items.push(item);
      return { ...without, pages };
    }
  }
  return without;
}

/** Patches fields of one row wherever it is cached (e.g. unread count 0 after reading it here). */
export function patchListItem(data: ListData, id: string, patch: Partial<ConversationListItem>): ListData {
  if (!data.pages.some((p) => p.items.some((i) => i.id === id))) return data;
  return {
    ...data,
    pages: data.pages.map((p) => ({
      ...p,
      items: p.items.map((i) => (i.id === id ? { ...i, ...patch } : i)),
    })),
  };
}

/** Thread order: oldest first, by time sent, then id (the server's order, reversed). */
function after(a: ThreadMessage, b: ThreadMessage): boolean {
  if (a.sentAt !== b.sentAt) return a.sentAt > b.sentAt;
  return a.id > b.id;
}

/**
 * Adds a new message to an open thread (the newest page, pages[0]) in order, once: a message already
 * cached (from a refetch, or the same event twice) is replaced, not duplicated. The header's
 * conversation item is replaced by the event's.
 */
export function addThreadMessage(
  data: ThreadData,
  message: ThreadMessage,
  conversation: ConversationListItem | null,
): ThreadData {
  const pages = data.pages.map((p, i) => {
    const known = p.messages.some((m) => m.id === message.id);
    let messages = known ? p.messages.map((m) => (m.id === message.id ? message : m)) : p.messages;
    if (i === 0 && !data.pages.some((q) => q.messages.some((m) => m.id === message.id))) {
      messages = [...messages];
      let at = messages.length;
      while (at > 0 && after(messages[at - 1]!, message)) at--;
      messages.splice(at, 0, message);
    }
    return {
      ...p,
      messages,
      conversation: i === 0 && conversation ? conversation : p.conversation,
    };
  });
  return { ...data, pages };
}

/** A message's new status (and error) in place; the same object when the message is not cached. */
export function patchThreadMessage(
  data: ThreadData,
  messageId: string,
  patch: Pick<ThreadMessage, "status" | "error">,
): ThreadData {
  if (!data.pages.some((p) => p.messages.some((m) => m.id === messageId))) return data;
  return {
    ...data,
    pages: data.pages.map((p) => ({
      ...p,
      messages: p.messages.map((m) => (m.id === messageId ? { ...m, ...patch } : m)),
    })),
  };
}

/** Replaces the thread header's conversation (pages[0] is the one shown). */
export function setThreadConversation(
  data: ThreadData,
  patch: ConversationListItem | Partial<ConversationListItem>,
): ThreadData {
  const first = data.pages[0];
  if (!first) return data;
  return {
    ...data,
    pages: [{ ...first, conversation: { ...first.conversation, ...patch } }, ...data.pages.slice(1)],
  };
}

/** Whether a thread already shows a message (the composer drops its optimistic copy then). */
export function threadHas(data: { pages: Thread[] } | undefined, messageId: string): boolean {
  return !!data?.pages.some((p) => p.messages.some((m) => m.id === messageId));
}
