"use client";

import { type InfiniteData, type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import type { ConversationListItem, ConversationPage, Thread } from "@/lib/conversations/data";
import {
  addThreadMessage,
  patchListItem,
  patchThreadMessage,
  removeFromList,
  setThreadConversation,
  upsertListItem,
} from "@/lib/inbox/cache-patch";
import { inboxKeys, type ListFilters } from "@/lib/inbox/query-keys";
import type { InboxPart, ServerToClientEvents } from "@/lib/realtime/events";
import { type InboxApi, useInboxApi } from "./inbox-api";

type ListData = InfiniteData<ConversationPage, string | null>;
type ThreadData = InfiniteData<Thread, string | null>;
type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Every cached list of this inbox, with the filters it was fetched with. */
function eachList(qc: QueryClient, api: InboxApi, fn: (key: readonly unknown[], data: ListData) => void) {
  for (const [key, data] of qc.getQueriesData<ListData>({ queryKey: [...inboxKeys.all(api.key), "list"] }))
    if (data) fn(key, data);
}

/** Moves, patches or drops one conversation's row in every cached list (refetching only unsure ones). */
export function applyListItem(qc: QueryClient, api: InboxApi, item: ConversationListItem): void {
  eachList(qc, api, (key, data) => {
    const next = upsertListItem(data, item, key[3] as ListFilters, api.meId);
    if (next === "invalidate") void qc.invalidateQueries({ queryKey: key, exact: true });
    else if (next !== data) qc.setQueryData(key, next);
  });
}

/** Clears a conversation's unread count in every cache of this tab (after reading it here). */
export function markReadInCache(qc: QueryClient, api: InboxApi, conversationId: string): void {
  eachList(qc, api, (key, data) => {
    const next = patchListItem(data, conversationId, { unreadCount: 0 });
    if (next !== data) qc.setQueryData(key, next);
  });
  qc.setQueryData<ThreadData>(
    inboxKeys.thread(api.key, conversationId),
    (d) => d && setThreadConversation(d, { unreadCount: 0 }),
  );
}

const partKeys = (key: string): Record<InboxPart, readonly unknown[]> => ({
  lists: [...inboxKeys.all(key), "list"],
  numbers: inboxKeys.numbers(key),
  assignees: inboxKeys.assignees(key),
  templates: [...inboxKeys.all(key), "templates"],
});

/**
 * Applies the inbox's realtime events to this tab's caches in place: a new message is appended to its
 * open thread and its row moves in the lists, a status patches one message, a conversation change
 * patches one row and the thread header. Nothing here fetches, except a list whose match the client
 * cannot decide (an active search) and the parts an `inbox.invalidate` names. After a reconnect the
 * realtime provider refetches everything shown.
 */
export function useInboxRealtime(): void {
  const api = useInboxApi();
  const qc = useQueryClient();

  useRealtimeEvent(
    "message.created",
    useCallback(
      (p: Payload<"message.created">) => {
        if (!p.message || !p.conversation) return;
        qc.setQueryData<ThreadData>(
          inboxKeys.thread(api.key, p.conversationId),
          (d) => d && addThreadMessage(d, p.message, p.conversation),
        );
        applyListItem(qc, api, p.conversation);
      },
      [qc, api],
    ),
  );

  useRealtimeEvent(
    "message.updated",
    useCallback(
      (p: Payload<"message.updated">) => {
        if (!p.status) return;
        qc.setQueryData<ThreadData>(
          inboxKeys.thread(api.key, p.conversationId),
          (d) => d && patchThreadMessage(d, p.messageId, { status: p.status, error: p.error }),
        );
      },
      [qc, api],
    ),
  );

  useRealtimeEvent(
    "conversation.updated",
    useCallback(
      (p: Payload<"conversation.updated">) => {
        const c = p.conversation;
        if (c === null) {
          eachList(qc, api, (key, data) => {
            const next = removeFromList(data, p.conversationId);
            if (next !== data) qc.setQueryData(key, next);
          });
          return;
        }
        if (!c) return;
        qc.setQueryData<ThreadData>(
          inboxKeys.thread(api.key, p.conversationId),
          (d) => d && setThreadConversation(d, c),
        );
        applyListItem(qc, api, c);
      },
      [qc, api],
    ),
  );

  useRealtimeEvent(
    "inbox.invalidate",
    useCallback(
      (p: Payload<"inbox.invalidate">) => {
        const keys = partKeys(api.key);
        for (const part of p.parts) void qc.invalidateQueries({ queryKey: keys[part] });
      },
      [qc, api.key],
    ),
  );
}
