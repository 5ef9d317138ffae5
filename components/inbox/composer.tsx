"use client";

import {
  CircleCheck,
  FileText,
  Pencil,
  RotateCcw,
  RotateCw,
  Send,
  Timer,
  Trash2,
  WifiOff,
  X,
} from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useRealtimeStatus } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { useFinePointer } from "@/components/ui/use-fine-pointer";
import type { ConversationListItem, ThreadMessage } from "@/lib/conversations/data";
import { previewText } from "@/lib/messages/render";
import { ConnectionLostError, HttpError } from "@/lib/query-client";
import { cn } from "@/lib/utils";
import { AttachButton } from "./attach-button";
import { useInboxApi } from "./inbox-api";
import { type ThreadCommand, useThreadCommand } from "./shortcuts";
import { TemplatePicker } from "./template-picker";
import { useNow, windowState } from "./use-inbox";

interface OutgoingText {
  key: number;
  text: string;
  replyTo?: string;
  /**
   * waiting: the connection is down; it goes out by itself when the connection is back. sent: accepted,
   * shown here until the thread shows the stored message (by id) instead.
   */
  state: "sending" | "sent" | "failed" | "waiting";
  error?: string;
  messageId?: string;
  /** Whether sending the same text again can work (not for a refusal such as a closed window). */
  retryable?: boolean;
}

/** Messages not sent yet, per conversation id (this tab only). */
const unsent = new Map<string, OutgoingText[]>();

/** A refusal (4xx) fails the same way again, except a send still in flight (409) or a rate limit (429). */
const canRetry = (e: unknown) =>
  !(e instanceof HttpError) || e.status >= 500 || e.status === 409 || e.status === 429;

/**
 * The reply box. Text goes out optimistically: it shows at once as "sending", and a failed send stays
 * here with the reason and a Retry, so nothing typed is lost. Outside the 24-hour window only templates
 * can be sent, and the box says so.
 */
export function Composer({
  conversation: c,
  replyTo,
  clearReply,
  isShown,
  onSent,
  onReopen,
}: {
  conversation: ConversationListItem;
  replyTo: ThreadMessage | null;
  clearReply: () => void;
  /** Whether the thread already shows a stored message (its realtime event may beat the answer). */
  isShown: (messageId: string) => boolean;
  /** With the stored message's id when the answer names it (text); without for attachments and templates. */
  onSent: (messageId?: string) => void;
  onReopen: () => void;
}) {
  const api = useInboxApi();
  const keyboard = useFinePointer();
  const realtime = useRealtimeStatus();
  const [text, setText] = useState("");
  // Kept per conversation outside the component, so a message waiting for the connection survives
  // switching to another conversation and back (the thread view remounts per conversation).
  const [queued, setOutgoingState] = useState<OutgoingText[]>(() => unsent.get(c.id) ?? []);
  // One copy of each message: the optimistic one goes as soon as the thread has the real one.
  const outgoing = queued.filter((o) => !(o.state === "sent" && o.messageId && isShown(o.messageId)));
  // Read through a ref so `deliver` stays the same function across renders (the flush effect uses it).
  const shown = useRef(isShown);
  shown.current = isShown;
  const setOutgoing = useCallback(
    (change: (list: OutgoingText[]) => OutgoingText[]) => {
      const next = change(unsent.get(c.id) ?? []);
      if (next.length) unsent.set(c.id, next);
      else unsent.delete(c.id);
      setOutgoingState(next);
    },
    [c.id],
  );
  // Drop accepted copies once the thread shows them, so they do not come back with this conversation.
  useEffect(() => {
    if (outgoing.length !== queued.length)
      setOutgoing((list) =>
        list.filter((o) => !(o.state === "sent" && o.messageId && shown.current(o.messageId))),
      );
  }, [outgoing.length, queued.length, setOutgoing]);
  const [templateOpen, setTemplateOpen] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const now = useNow(15_000);
  const win = windowState(c.windowClosesAt, now);

  useThreadCommand(
    useCallback((cmd: ThreadCommand) => {
      if (cmd === "reply") box.current?.focus();
      if (cmd === "template") setTemplateOpen(true);
    }, []),
  );

  const deliver = useCallback(
    async (o: OutgoingText) => {
      setOutgoing((list) => [
        ...list.filter((x) => x.key !== o.key && !(x.messageId && shown.current(x.messageId))),
        { ...o, state: "sending" },
      ]);
      try {
        const r = await api.send<{ messageId: string }>("POST", `/conversations/${c.id}/messages`, {
          text: o.text,
          replyTo: o.replyTo,
        });
        setOutgoing((list) =>
          list.map((x) => (x.key === o.key ? { ...x, state: "sent", messageId: r.messageId } : x)),
        );
        onSent(r.messageId);
      } catch (e) {
        const state = e instanceof ConnectionLostError ? "waiting" : "failed";
        setOutgoing((list) =>
          list.map((x) =>
            x.key === o.key ? { ...x, state, error: (e as Error).message, retryable: canRetry(e) } : x,
          ),
        );
      }
    },
    [api, c.id, onSent, setOutgoing],
  );

  // Messages written while the connection was down go out when it is back (the socket reconnecting, or
  // the browser saying it is online again), in the order they were written.
  const pending = useRef(outgoing);
  pending.current = outgoing;
  const flush = useCallback(() => {
    for (const o of pending.current.filter((x) => x.state === "waiting")) void deliver(o);
  }, [deliver]);
  useEffect(() => {
    if (realtime === "connected") flush();
  }, [realtime, flush]);
  useEffect(() => {
    window.addEventListener("online", flush);
    return () => window.removeEventListener("online", flush);
  }, [flush]);

  const submit = () => {
    const body = text.trim();
    if (!body || !win.open) return;
    setText("");
    clearReply();
    void deliver({ key: Date.now(), text: body, replyTo: replyTo?.wamid ?? undefined, state: "sending" });
  };

  return (
    <div className="border-t bg-background p-3">
      {outgoing.length > 0 ? (
        <ul className="mb-2 space-y-1" aria-label="Messages being sent">
          {outgoing.map((o) => (
            <li
              key={o.key}
              data-testid="outgoing"
              data-state={o.state}
              className={cn(
                "flex items-center gap-2 rounded-md border px-2 py-1 text-xs",
                o.state === "failed" && "border-destructive/50 bg-destructive/5",
              )}
            >
              <span className="min-w-0 flex-1 truncate">{o.text}</span>
              {o.state === "sending" || o.state === "sent" ? (
                <span className="text-muted-foreground">sending…</span>
              ) : o.state === "waiting" ? (
                <span role="status" className="flex items-center gap-1 text-amber-700 dark:text-amber-400">
                  <WifiOff className="size-3" aria-hidden /> Connection lost: sends when it is back
                </span>
              ) : (
                <>
                  <span role="alert" className="max-w-[50%] truncate text-destructive" title={o.error}>
                    Not sent: {o.error}
                  </span>
                  {o.retryable ? (
                    <Button size="sm" variant="ghost" className="h-6 px-2" onClick={() => void deliver(o)}>
                      <RotateCw className="size-3" /> Retry
                    </Button>
                  ) : (
                    // Sending it again would be refused the same way: give the text back to change it.
                    <Button
                      size="sm"
                      variant="ghost"
                      className="h-6 px-2"
                      onClick={() => {
                        setText(o.text);
                        setOutgoing((list) => list.filter((x) => x.key !== o.key));
                        box.current?.focus();
                      }}
                    >
                      <Pencil className="size-3" /> Edit
                    </Button>
                  )}
                  <Button
                    size="icon"
                    variant="ghost"
                    className="size-6"
                    aria-label="Discard"
                    onClick={() => setOutgoing((list) => list.filter((x) => x.key !== o.key))}
                  >
                    <Trash2 className="size-3" />
                  </Button>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {replyTo ? (
        <div className="mb-2 flex items-center gap-2 rounded-md border-l-4 border-primary bg-muted px-2 py-1 text-xs">
          <span className="min-w-0 flex-1 truncate">
            Replying to: {previewText({ type: replyTo.type, payload: replyTo.content })}
          </span>
          <Button
            size="icon"
            variant="ghost"
            className="size-6"
            aria-label="Cancel reply"
            onClick={clearReply}
          >
            <X className="size-3" />
          </Button>
        </div>
      ) : null}
      {c.status === "ENDED" ? (
        <div
          data-testid="conversation-closed"
          className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-muted px-3 py-2 text-sm"
        >
          <span className="flex items-center gap-1.5 text-muted-foreground">
            <CircleCheck className="size-4" aria-hidden /> This conversation is closed.
          </span>
          <Button size="sm" variant="outline" onClick={onReopen}>
            <RotateCcw className="size-4" /> Reopen
          </Button>
        </div>
      ) : (
        <>
          <p
            data-testid="window-state"
            data-open={win.open}
            className={cn(
              "mb-2 flex items-center gap-1 text-xs",
              win.open ? "text-muted-foreground" : "text-amber-700 dark:text-amber-400",
            )}
          >
            <Timer className="size-3.5" aria-hidden />
            {win.open
              ? `24-hour window open · closes in ${win.left}`
              : c.windowClosesAt
                ? "The 24-hour window is closed: only an approved template can be sent until the customer writes again."
                : "The customer has not written yet: only an approved template can be sent."}
          </p>
          {win.open ? (
            <form
              className="flex items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                submit();
              }}
            >
              <AttachButton
                conversationId={c.id}
                disabled={false}
                caption={text.trim()}
                replyTo={replyTo?.wamid ?? null}
                onSent={() => {
                  setText("");
                  clearReply();
                  onSent();
                }}
              />
              <Textarea
                ref={box}
                aria-label="Reply"
                placeholder={
                  keyboard ? "Write a reply… (Enter sends, Shift+Enter for a new line)" : "Write a reply…"
                }
                value={text}
                rows={2}
                maxLength={4096}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                    e.preventDefault();
                    submit();
                  }
                  if (e.key === "Escape") e.currentTarget.blur();
                }}
                className="min-h-10 resize-none"
              />
              <Button
                type="button"
                variant="ghost"
                size="icon"
                aria-label="Send a template"
                title="Send a template (t)"
                onClick={() => setTemplateOpen(true)}
              >
                <FileText className="size-4" />
              </Button>
              <Button type="submit" size="icon" aria-label="Send" disabled={!text.trim()}>
                <Send className="size-4" />
              </Button>
            </form>
          ) : (
            <Button onClick={() => setTemplateOpen(true)} className="w-full sm:w-auto">
              <FileText className="size-4" /> Send a template
            </Button>
          )}
        </>
      )}
      <TemplatePicker
        conversationId={c.id}
        open={templateOpen}
        onOpenChange={setTemplateOpen}
        onSent={() => onSent()}
      />
    </div>
  );
}
