"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CircleCheck, Info, RotateCcw } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { toast } from "sonner";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { ConversationListItem, Thread, ThreadMessage } from "@/lib/inbox/data";
import type { TemplateSummary } from "@/lib/inbox/mutations";
import { formatPhone } from "@/lib/inbox/phone-format";
import { inboxKeys, inboxPaths } from "@/lib/inbox/query-keys";
import { AssignControl } from "./assign-control";
import { Composer } from "./composer";
import { ContactPanel } from "./contact-panel";
import { useInboxApi } from "./inbox-api";
import { MessageList } from "./message-list";
import { PresenceAvatars } from "./presence";
import { type ThreadCommand, useThreadCommand } from "./shortcuts";

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
  const invalidate = useCallback(
    () => queryClient.invalidateQueries({ queryKey: inboxKeys.all(api.key) }),
    [api.key, queryClient],
  );

  // Opening the conversation marks it read (and WhatsApp shows the customer blue ticks).
  const markRead = useCallback(
    () =>
      void api
        .send("POST", `/conversations/${conversationId}/read`)
        .then(invalidate)
        .catch(() => {}),
    [api, conversationId, invalidate],
  );
  const [readOnce, setReadOnce] = useState(false);
  if (!readOnce && thread.data) {
    setReadOnce(true);
    if (thread.data.pages[0]?.conversation.unreadCount) markRead();
  }
  useRealtimeEvent(
    "message.created",
    useCallback(
      (p: { conversationId: string }) => {
        if (p.conversationId === conversationId && !document.hidden) markRead();
      },
      [conversationId, markRead],
    ),
  );

  const status = useMutation({
    mutationFn: (next: "ACTIVE" | "ENDED") =>
      api.send<ConversationListItem>("PATCH", `/conversations/${conversationId}`, { status: next }),
    onSuccess: (_d, next) => {
      void invalidate();
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
        <header className="flex items-center gap-2 border-b px-3 py-2.5">
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
          onSent={() => void invalidate()}
          onReopen={() => status.mutate("ACTIVE")}
        />
      </div>
      {contactOpen ? (
        <ContactPanel conversationId={conversationId} onClose={() => setContactOpen(false)} />
      ) : null}
    </div>
  );
}
