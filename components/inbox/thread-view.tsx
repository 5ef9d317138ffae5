"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Check, CheckCheck, CircleAlert, Clock, Send } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { markConversationReadAction, sendTextAction } from "@/lib/inbox/actions";
import type { Thread, ThreadMessage } from "@/lib/inbox/data";
import { inboxKeys, inboxUrls } from "@/lib/inbox/query-keys";
import { previewText } from "@/lib/messages/render";
import { fetchJson } from "@/lib/query-client";
import { cn } from "@/lib/utils";

function Ticks({ m }: { m: ThreadMessage }) {
  if (m.status === "FAILED") return <CircleAlert className="size-3.5 text-destructive" aria-label="failed" />;
  if (m.status === "READ") return <CheckCheck className="size-3.5 text-sky-500" aria-label="read" />;
  if (m.status === "DELIVERED") return <CheckCheck className="size-3.5 opacity-70" aria-label="delivered" />;
  if (m.status === "SENT") return <Check className="size-3.5 opacity-70" aria-label="sent" />;
  return <Clock className="size-3 opacity-60" aria-label="sending" />;
}

function windowLabel(closesAt: string | null): { open: boolean; text: string } {
  if (!closesAt)
    return { open: false, text: "The customer has not written yet: only templates can be sent." };
  const ms = new Date(closesAt).getTime() - Date.now();
  if (ms <= 0)
    return {
      open: false,
      text: "The 24-hour window is closed: only templates can be sent until the customer writes again.",
    };
  const h = Math.floor(ms / 3600_000);
  const m = Math.floor((ms % 3600_000) / 60_000);
  return { open: true, text: `Window open · closes in ${h > 0 ? `${h} h ` : ""}${m} min` };
}

export function ThreadView({
  projectId,
  conversationId,
  onBack,
}: {
  projectId: string;
  conversationId: string;
  onBack: () => void;
}) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const scroller = useRef<HTMLDivElement>(null);
  const thread = useQuery({
    queryKey: inboxKeys.thread(projectId, conversationId),
    queryFn: () => fetchJson<Thread>(inboxUrls.thread(projectId, conversationId)),
  });

  useEffect(() => {
    void markConversationReadAction({ projectId, conversationId }).then(() =>
      queryClient.invalidateQueries({ queryKey: inboxKeys.all(projectId) }),
    );
  }, [projectId, conversationId, queryClient]);

  const count = thread.data?.messages.length ?? 0;
  useEffect(() => {
    if (count > 0) scroller.current?.scrollTo({ top: scroller.current.scrollHeight });
  }, [count]);

  const send = useMutation({
    mutationFn: async (body: string) => {
      const r = await sendTextAction({ projectId, conversationId, text: body });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKeys.all(projectId) }),
    onError: (e, body) => {
      setText(body);
      toast.error(e.message);
    },
  });

  if (thread.isPending)
    return (
      <div className="space-y-3 p-6">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-10 w-2/3" />
        ))}
      </div>
    );
  if (thread.isError)
    return (
      <p role="alert" className="p-6 text-sm text-destructive">
        Could not load this conversation: {thread.error.message}
      </p>
    );
  const c = thread.data.conversation;
  const win = windowLabel(c.windowClosesAt);
  const submit = () => {
    const body = text.trim();
    if (!body || send.isPending) return;
    setText("");
    send.mutate(body);
  };

  return (
    <div className="flex h-full min-h-0 flex-col">
      <header className="flex items-center gap-3 border-b px-4 py-3">
        <Button
          variant="ghost"
          size="icon"
          className="md:hidden"
          aria-label="Back to conversations"
          onClick={onBack}
        >
          <ArrowLeft className="size-4" />
        </Button>
        <div className="min-w-0">
          <h2 className="truncate text-sm font-semibold">{c.contactName ?? c.contactNumber}</h2>
          <p className="truncate text-xs text-muted-foreground">
            {c.contactNumber} · via {c.numberDisplay} · {c.status === "ACTIVE" ? "active" : "ended"}
          </p>
        </div>
      </header>
      <div ref={scroller} className="flex-1 space-y-2 overflow-y-auto bg-muted/30 p-4" data-testid="thread">
        {thread.data.messages.map((m) => {
          const out = m.direction === "OUTBOUND";
          return (
            <div
              key={m.id}
              className={cn("flex", out ? "justify-end" : "justify-start")}
              data-testid="thread-message"
              data-status={m.status}
            >
              <div
                className={cn(
                  "max-w-[75%] rounded-lg px-3 py-1.5 text-sm shadow-sm",
                  out ? "bg-primary/15" : "bg-card",
                )}
              >
                <p className="whitespace-pre-wrap break-words">
                  {previewText({ type: m.type, payload: m.content })}
                </p>
                {m.status === "FAILED" && m.error ? (
                  <p className="mt-1 text-xs text-destructive">
                    {String(m.error.title ?? m.error.message ?? "Not delivered")}
                  </p>
                ) : null}
                <div className="mt-0.5 flex items-center justify-end gap-1 text-[10px] text-muted-foreground">
                  {new Date(m.sentAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
                  {out ? <Ticks m={m} /> : null}
                </div>
              </div>
            </div>
          );
        })}
      </div>
      <div className="border-t p-3">
        <p
          className={cn(
            "mb-2 text-xs",
            win.open ? "text-muted-foreground" : "text-amber-700 dark:text-amber-400",
          )}
        >
          {win.text}
        </p>
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Textarea
            aria-label="Reply"
            placeholder={
              win.open
                ? "Write a reply… (Enter sends, Shift+Enter for a new line)"
                : "Templates only outside the 24-hour window"
            }
            value={text}
            disabled={!win.open}
            rows={2}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                submit();
              }
            }}
            className="min-h-10 resize-none"
          />
          <Button
            type="submit"
            size="icon"
            aria-label="Send"
            disabled={!win.open || !text.trim() || send.isPending}
          >
            <Send className="size-4" />
          </Button>
        </form>
      </div>
    </div>
  );
}
