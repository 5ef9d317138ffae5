"use client";

import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { ArrowLeft, CircleCheck, Info, RotateCcw } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { WorkflowBanner } from "@/components/executions/workflow-banner";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { ConversationListItem, Thread, ThreadMessage } from "@/lib/conversations/data";
import { setThreadConversation, threadHas } from "@/lib/inbox/cache-patch";
import { formatPhone } from "@/lib/inbox/phone-format";
import { inboxKeys, inboxPaths } from "@/lib/inbox/query-keys";
import type { TemplateSummary } from "@/lib/templates/data";
import { AssignControl } from "./assign-control";
import { Composer } from "./composer";
import { ContactPanel } from "./contact-panel";
import { useInboxApi } from "./inbox-api";
import { MessageList } from "./message-list";
import { PresenceAvatars } from "./presence";
import { type ThreadCommand, useThreadCommand } from "./shortcuts";
import { applyListItem, markReadInCache } from "./use-inbox-realtime";

export function ThreadView({ conversationId, onBack }: { conversationId: string; onBack: () => void }) {
  const api = useInboxApi();
  const queryClient = useQueryClient();
  const [replyTo, setReplyTo] = useState<ThreadMessage | null>(null);
  const [contactOpen, setContactOpen] = useState(false);
  const [assignOpen, setAssignOpen] = useState(false);

  const thread = useInfiniteQuery({
    queryKey: inboxKeys.thread(api.key, conversationId),
    queryFn: ({ pageParam }) => api.get<Thread>(inboxPaths.thread(conversationId, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.olderCursor,
  });
  // Only this thread: realtime events keep it and the lists current; this is for the operator's own
  // actions whose result may beat (or miss, while disconnected) their event.
  const invalidate = useCallback(
    () => queryClient.invalidateQueries({ queryKey: inboxKeys.thread(api.key, conversationId) }),
    [api.key, conversationId, queryClient],
  );

  // Opening the conversation marks it read (and WhatsApp shows the customer blue ticks). At most one
  // request in flight per tab: messages arriving meanwhile are covered by one more request after it.
  const reading = useRef<"idle" | "busy" | "again">("idle");
  const markRead = useCallback(() => {
    if (reading.current !== "idle") {
      reading.current = "again";
      return;
    }
    reading.current = "busy";
    markReadInCache(queryClient, api, conversationId);
    void api
      .send("POST", `/conversations/${conversationId}/read`)
      .catch(() => {})
      .finally(() => {
        const again = reading.current === "again";
        reading.current = "idle";
        if (again) markRead();
      });
  }, [api, conversationId, queryClient]);
  // Once, when the thread first loads (in an effect: marking read patches other components' caches).
  const readOnce = useRef(false);
  const loaded = !!thread.data;
  const unreadAtLoad = thread.data?.pages[0]?.conversation.unreadCount ?? 0;
  useEffect(() => {
    if (readOnce.current || !loaded) return;
    readOnce.current = true;
    if (unreadAtLoad) markRead();
  }, [loaded, unreadAtLoad, markRead]);
  useRealtimeEvent(
    "message.created",
    useCallback(
      (p: { conversationId: string; message?: ThreadMessage }) => {
        if (p.conversationId !== conversationId || document.hidden) return;
        if (p.message && p.message.direction !== "INBOUND") return;
        // After the rest of the batch is applied, so the event's own unread count does not undo it.
        queueMicrotask(markRead);
      },
      [conversationId, markRead],
    ),
  );

  const status = useMutation({
    mutationFn: (next: "ACTIVE" | "ENDED") =>
      api.send<ConversationListItem>("PATCH", `/conversations/${conversationId}`, { status: next }),
    onSuccess: (item, next) => {
      // The answer is the new list item: patch this tab now (the event patches the others).
      queryClient.setQueryData<InfiniteData<Thread, string | null>>(
        inboxKeys.thread(api.key, conversationId),
        (d) => d && setThreadConversation(d, item),
      );
      applyListItem(queryClient, api, item);
      toast.success(next === "ENDED" ? "Conversation closed." : "Conversation reopened.", {
        action: { label: "Undo", onClick: () => status.mutate(next === "ENDED" ? "ACTIVE" : "ENDED") },
      });
    },
    onError: (e) => toast.error(e.message),
  });

  const react = useMutation({
    mutationFn: (v: { messageId: string; emoji: string }) =>
      api.send("POST", `/conversations/${conversationId}/reactions`, v),
    onSuccess: () => void invalidate(),
    onError: (e) => toast.error(e.message),
  });

  // Template messages render with their text when the number's templates are known (shared cache with
  // the template picker).
  const templates = useQuery({
    queryKey: inboxKeys.templates(api.key, conversationId),
    queryFn: () => api.get<TemplateSummary[]>(`/conversations/${conversationId}/templates`),
    staleTime: 5 * 60_000,
    retry: false,
  });
  const retry = useMutation({
    mutationFn: (m: ThreadMessage) => {
      const body = (m.content.text as { body?: string } | undefined)?.body;
      if (m.type !== "text" || !body) throw new Error("Only text messages can be retried; send it again.");
      return api.send("POST", `/conversations/${conversationId}/messages`, { text: body });
    },
    onSuccess: () => void invalidate(),
    onError: (e) => toast.error(e.message),
  });

  const pages = thread.data?.pages;
  const messages = useMemo(() => (pages ? [...pages].reverse().flatMap((p) => p.messages) : []), [pages]);
  const c = pages?.[0]?.conversation;

  useThreadCommand(
    useCallback(
      (cmd: ThreadCommand) => {
        if (!c) return;
        if (cmd === "assign") setAssignOpen(true);
        if (cmd === "contact") setContactOpen((o) => !o);
        if (cmd === "toggle-status") status.mutate(c.status === "ACTIVE" ? "ENDED" : "ACTIVE");
      },
      [c, status],
    ),
  );

  if (thread.isPending)
    return (
      <div className="space-y-3 p-6">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-10 w-2/3" />
        ))}
      </div>
    );
  if (thread.isError || !c)
    return (
      <div role="alert" className="space-y-2 p-6 text-sm text-destructive">
        <p>Could not load this conversation: {thread.error?.message ?? "not found"}</p>
        <Button variant="outline" size="sm" onClick={onBack}>
          Back to the list
        </Button>
      </div>
    );

  return (
    <div className="relative flex h-full min-h-0">
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 shrink-0 items-center gap-2 border-b px-3">
          <Button
            variant="ghost"
            size="icon"
            className="md:hidden"
            aria-label="Back to conversations"
            onClick={onBack}
          >
            <ArrowLeft className="size-4" />
          </Button>
          <div className="min-w-0 flex-1">
            <h2 className="truncate text-sm font-semibold" data-testid="thread-title">
              {c.contactName ?? formatPhone(c.contactNumber)}
            </h2>
            <p className="truncate text-xs text-muted-foreground">
              {c.contactName ? `${formatPhone(c.contactNumber)} · ` : ""}via {c.numberDisplay} ·{" "}
              <span data-testid="conversation-status">{c.status === "ACTIVE" ? "active" : "ended"}</span>
            </p>
          </div>
          <PresenceAvatars conversationId={conversationId} />
          <AssignControl conversation={c} open={assignOpen} onOpenChange={setAssignOpen} />
          <Button
            variant="outline"
            size="sm"
            disabled={status.isPending}
            onClick={() => status.mutate(c.status === "ACTIVE" ? "ENDED" : "ACTIVE")}
            title={c.status === "ACTIVE" ? "Close conversation (e)" : "Reopen conversation (e)"}
          >
            {c.status === "ACTIVE" ? <CircleCheck className="size-4" /> : <RotateCcw className="size-4" />}
            <span className="hidden sm:inline">{c.status === "ACTIVE" ? "Close" : "Reopen"}</span>
          </Button>
          <Button
            variant={contactOpen ? "secondary" : "ghost"}
            size="icon"
            aria-label="Contact details"
            aria-pressed={contactOpen}
            title="Contact details (i)"
            onClick={() => setContactOpen((o) => !o)}
          >
            <Info className="size-4" />
          </Button>
        </header>
        {api.embedded ? null : <WorkflowBanner projectId={api.key} conversationId={conversationId} />}
        <MessageList
          messages={messages}
          unreadCount={c.unreadCount}
          hasOlder={!!thread.hasNextPage}
          loadingOlder={thread.isFetchingNextPage}
          loadOlder={() => void thread.fetchNextPage()}
          onReply={setReplyTo}
          onReact={(m, emoji) => react.mutate({ messageId: m.id, emoji })}
          onRetry={(m) => retry.mutate(m)}
          templates={templates.data}
        />
        <Composer
          conversation={c}
          replyTo={replyTo}
          clearReply={() => setReplyTo(null)}
          isShown={(id) => threadHas(thread.data, id)}
          onSent={(id) => {
            if (!id) return void invalidate();
            // The message arrives by its realtime event; if that was missed (socket down), refetch.
            setTimeout(() => {
              const d = queryClient.getQueryData<InfiniteData<Thread, string | null>>(
                inboxKeys.thread(api.key, conversationId),
              );
              if (!threadHas(d, id)) void invalidate();
            }, 5000);
          }}
          onReopen={() => status.mutate("ACTIVE")}
        />
      </div>
      {contactOpen ? (
        <ContactPanel conversationId={conversationId} onClose={() => setContactOpen(false)} />
      ) : null}
    </div>
  );
}
