"use client";

import { ArrowDown, LoaderCircle } from "lucide-react";
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import type { ThreadMessage } from "@/lib/conversations/data";
import {
  foldReactions,
  groupByDay,
  indexByWamid,
  quotedMessage,
  replyTargetWamid,
  unreadMarkerId,
} from "@/lib/inbox/thread-shape";
import { cn } from "@/lib/utils";
import { MessageBubble } from "./message-bubble";
import type { TemplateDef } from "./message-interactive";

export interface MessageListProps {
  /** Oldest first, reactions included (they are folded onto their targets here). */
  messages: ThreadMessage[];
  /** The conversation's unread count when it was opened; the marker is placed once, on first render. */
  unreadCount: number;
  hasOlder: boolean;
  loadOlder: () => void;
  loadingOlder: boolean;
  onReply?: (m: ThreadMessage) => void;
  /** An empty emoji removes the business's reaction. */
  onReact?: (m: ThreadMessage, emoji: string) => void;
  /** Shown on failed outbound messages when given. */
  onRetry?: (m: ThreadMessage) => void;
  /** Approved templates of the number, to render template messages with their text. */
  templates?: readonly TemplateDef[];
  className?: string;
}

const BOTTOM_SLACK = 48;
const LOAD_OLDER_AT = 160;

export function MessageList({
  messages,
  unreadCount,
  hasOlder,
  loadOlder,
  loadingOlder,
  onReply,
  onReact,
  onRetry,
  templates,
  className,
}: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const placed = useRef(false);
  // The first message's id and offset before the last render: older pages are prepended above it.
  const anchor = useRef<{ first: string | null; last: string | null; offset: number }>({
    first: null,
    last: null,
    offset: 0,
  });
  const [newCount, setNewCount] = useState(0);
  const [highlight, setHighlight] = useState<string | null>(null);

  const { visible, reactions } = useMemo(() => foldReactions(messages), [messages]);
  const byWamid = useMemo(() => indexByWamid(visible), [visible]);
  const groups = useMemo(() => groupByDay(visible, new Date()), [visible]);
  const [firstUnread] = useState(() => unreadMarkerId(foldReactions(messages).visible, unreadCount));
  // Once the operator answers, what came before the answer has been read: the divider goes.
  const markerId = useMemo(() => {
    const at = firstUnread ? visible.findIndex((m) => m.id === firstUnread) : -1;
    return at >= 0 && !visible.slice(at).some((m) => m.direction === "OUTBOUND") ? firstUnread : null;
  }, [firstUnread, visible]);

  const byWamidRef = useRef(byWamid);
  byWamidRef.current = byWamid;
  const olderRef = useRef({ hasOlder, loadingOlder, loadOlder });
  olderRef.current = { hasOlder, loadingOlder, loadOlder };

  const rowOf = useCallback(
    (id: string) => scroller.current?.querySelector<HTMLElement>(`[id="msg-${id}"]`),
    [],
  );

  const scrollToBottom = useCallback((smooth = false) => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTo({ top: el.scrollHeight, behavior: smooth ? "smooth" : "auto" });
    atBottom.current = true;
    setNewCount(0);
  }, []);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const first = visible[0]?.id ?? null;
    const last = visible.at(-1)?.id ?? null;
    const prev = anchor.current;
    if (!placed.current) {
      if (visible.length > 0) {
        placed.current = true;
        const marker = markerId ? rowOf(markerId) : null;
        if (marker) {
          el.scrollTop = marker.offsetTop - 56;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
        } else scrollToBottom();
      }
    } else {
      if (first !== prev.first && prev.first) {
        // Older messages came in above: keep what the user was looking at where it was.
        const old = rowOf(prev.first);
        if (old) el.scrollTop += old.offsetTop - prev.offset;
      }
      if (last !== prev.last) {
        const newest = visible.at(-1);
        if (atBottom.current || newest?.direction === "OUTBOUND") scrollToBottom();
        else {
          const from = visible.findIndex((m) => m.id === prev.last);
          const added = visible.slice(from + 1).filter((m) => m.direction === "INBOUND").length;
          if (added > 0) setNewCount((n) => n + added);
        }
      }
    }
    anchor.current = { first, last, offset: first ? (rowOf(first)?.offsetTop ?? 0) : 0 };
  }, [visible, markerId, rowOf, scrollToBottom]);

  // Photos and players change heights after they load: stay pinned to the bottom if the user was there.
  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
      const first = anchor.current.first;
      if (first) anchor.current.offset = rowOf(first)?.offsetTop ?? anchor.current.offset;
    });
    ro.observe(inner);
    return () => ro.disconnect();
  }, [rowOf]);

  // A short first page does not scroll, so it could never trigger paging: fetch more until it does.
  useEffect(() => {
    const el = scroller.current;
    if (el && hasOlder && !loadingOlder && el.scrollHeight <= el.clientHeight + LOAD_OLDER_AT)
      olderRef.current.loadOlder();
  }, [hasOlder, loadingOlder]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK;
    if (atBottom.current) setNewCount(0);
    const o = olderRef.current;
    if (el.scrollTop < LOAD_OLDER_AT && o.hasOlder && !o.loadingOlder) o.loadOlder();
  }, []);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const jump = useCallback(
    (wamid: string) => {
      const target = byWamidRef.current.get(wamid);
      const row = target ? rowOf(target.id) : null;
      if (!target || !row) {
        toast.info(
          olderRef.current.hasOlder
            ? "That message is further up: scroll up to load older messages."
            : "That message is not in this conversation's history.",
        );
        return;
      }
      row.scrollIntoView({ block: "center", behavior: "smooth" });
      setHighlight(target.id);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setHighlight(null), 1600);
    },
    [rowOf],
  );

  return (
    <div className={cn("relative flex min-h-0 flex-1 flex-col", className)}>
      <div
        ref={scroller}
        onScroll={onScroll}
        className="relative flex-1 overflow-y-auto bg-muted/30 px-4 pb-4 [overflow-anchor:none]"
        data-testid="thread"
        role="log"
        aria-label="Messages"
      >
        <div className="flex h-10 items-center justify-center text-xs text-muted-foreground">
          {loadingOlder ? (
            <LoaderCircle className="size-4 animate-spin" aria-label="Loading older messages" />
          ) : hasOlder ? (
            <button type="button" className="underline underline-offset-2" onClick={loadOlder}>
              Load older messages
            </button>
          ) : visible.length > 0 ? (
            <span>Start of the conversation</span>
          ) : null}
        </div>
        {visible.length === 0 && !hasOlder ? (
          <p className="py-10 text-center text-sm text-muted-foreground">No messages yet.</p>
        ) : null}
        <div ref={content} className="space-y-2">
          {groups.map((g) => (
            <section key={g.key} aria-label={g.label} className="space-y-2">
              {/* Not sticky: a floating day chip covered the messages scrolling under it. */}
              <div className="flex justify-center py-1">
                <span className="rounded-full border bg-background/95 px-2.5 py-0.5 text-[11px] font-medium text-muted-foreground shadow-xs">
                  {g.label}
                </span>
              </div>
              {g.messages.map((m) => {
                const quotedWamid = replyTargetWamid(m);
                return (
                  <Fragment key={m.id}>
                    {m.id === markerId ? (
                      <div
                        data-testid="unread-marker"
                        className="flex items-center gap-2 py-1 text-xs font-medium text-sky-700 dark:text-sky-400"
                      >
                        <span className="h-px flex-1 bg-sky-500/40" />
                        Unread messages
                        <span className="h-px flex-1 bg-sky-500/40" />
                      </div>
                    ) : null}
                    <MessageBubble
                      m={m}
                      quoted={quotedMessage(m, byWamid)}
                      quotedWamid={quotedWamid}
                      reactions={m.wamid ? reactions.get(m.wamid) : undefined}
                      highlighted={highlight === m.id}
                      templates={templates}
                      onReply={onReply}
                      onReact={onReact}
                      onRetry={onRetry}
                      onJump={jump}
                    />
                  </Fragment>
                );
              })}
            </section>
          ))}
        </div>
      </div>
      {newCount > 0 ? (
        <button
          type="button"
          onClick={() => scrollToBottom(true)}
          className="absolute bottom-3 left-1/2 flex -translate-x-1/2 items-center gap-1 rounded-full bg-primary px-3 py-1 text-xs font-medium text-primary-foreground shadow-md"
          data-testid="new-messages-pill"
        >
          New messages{newCount > 1 ? ` (${newCount})` : ""} <ArrowDown className="size-3.5" aria-hidden />
        </button>
      ) : null}
    </div>
  );
}
