"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { Megaphone, Timer, UserRound } from "lucide-react";
import { memo, useEffect, useRef } from "react";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Spinner } from "@/components/ui/spinner";
import type { ConversationListItem } from "@/lib/conversations/data";
import { formatPhone } from "@/lib/inbox/phone-format";
import { previewText } from "@/lib/messages/render";
import { cn, initials } from "@/lib/utils";
import { useNow, windowState } from "./use-inbox";

function shortTime(iso: string): string {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today
    ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString([], { month: "short", day: "numeric" });
}

const WORKFLOW_BADGE: Record<string, string> = {
  running: "bg-sky-500/15 text-sky-700 dark:text-sky-300",
  waiting: "bg-amber-500/15 text-amber-700 dark:text-amber-300",
  handoff: "bg-violet-500/15 text-violet-700 dark:text-violet-300",
  failed: "bg-destructive/15 text-destructive",
};

const Row = memo(function Row({
  c,
  active,
  now,
  onSelect,
}: {
  c: ConversationListItem;
  active: boolean;
  now: number;
  onSelect: (id: string) => void;
}) {
  const name = c.contactName ?? (formatPhone(c.contactNumber) || "Unknown");
  const win = c.status === "ACTIVE" ? windowState(c.windowClosesAt, now) : null;
  return (
    <button
      type="button"
      data-testid="conversation-item"
      data-conversation-id={c.id}
      aria-current={active ? "true" : undefined}
      onClick={() => onSelect(c.id)}
      className={cn(
        "flex w-full gap-3 border-b px-4 py-3 text-left hover:bg-accent focus-visible:outline-2 focus-visible:-outline-offset-2",
        active && "bg-accent",
      )}
    >
      <Avatar className="size-9 shrink-0">
        <AvatarFallback className="text-xs">
          {/* Without a name there are no initials: a digit of the number would read as a count. */}
          {c.contactName ? initials(c.contactName, "?") : <UserRound className="size-4" aria-hidden />}
        </AvatarFallback>
      </Avatar>
      <span className="min-w-0 flex-1 space-y-0.5">
        <span className="flex items-baseline justify-between gap-2">
          <span className={cn("truncate text-sm", c.unreadCount > 0 ? "font-semibold" : "font-medium")}>
            {name}
          </span>
          <span className="shrink-0 text-xs text-muted-foreground">{shortTime(c.lastMessageAt)}</span>
        </span>
        <span className="flex items-center justify-between gap-2">
          <span className="truncate text-xs text-muted-foreground">
            {c.lastMessage
              ? `${c.lastMessage.direction === "OUTBOUND" ? "You: " : ""}${previewText({ type: c.lastMessage.type, payload: c.lastMessage.content })}`
              : "No messages"}
          </span>
          {c.unreadCount > 0 ? (
            <span className="rounded-full bg-primary px-1.5 text-[11px] font-semibold text-primary-foreground">
              {c.unreadCount}
              <span className="sr-only"> unread</span>
            </span>
          ) : null}
        </span>
        <span className="flex flex-wrap items-center gap-1.5 pt-0.5 text-[11px] text-muted-foreground">
          {win ? (
            <span
              className={cn(
                "inline-flex items-center gap-0.5",
                !win.open && "text-amber-700 dark:text-amber-400",
              )}
              title="24-hour customer-service window"
            >
              <Timer className="size-3" aria-hidden />
              {win.open ? win.left : "window closed"}
            </span>
          ) : (
            <span>ended</span>
          )}
          {c.referral ? (
            <span
              className="inline-flex items-center gap-0.5 rounded bg-emerald-500/15 px-1 text-emerald-700 dark:text-emerald-300"
              title={`Started from an ad: ${c.referral}`}
            >
              <Megaphone className="size-3" aria-hidden /> Ad
            </span>
          ) : null}
          {c.workflowStatus ? (
            <span className={cn("rounded px-1 capitalize", WORKFLOW_BADGE[c.workflowStatus])}>
              {c.workflowStatus}
            </span>
          ) : null}
          <span className="ml-auto">
            {c.assignee ? (
              <span className="inline-flex items-center gap-1" title={`Assigned to ${c.assignee.name}`}>
                <Avatar className="size-4">
                  <AvatarFallback className="text-[8px]">
                    {initials(c.assignee.name, c.assignee.name)}
                  </AvatarFallback>
                </Avatar>
                <span className="max-w-24 truncate" data-testid="assignee-name">
                  {c.assignee.name}
                </span>
              </span>
            ) : (
              <span className="italic">unassigned</span>
            )}
          </span>
        </span>
      </span>
    </button>
  );
});

/** The conversation list, virtualized: only the rows on screen are rendered, pages load on scroll. */
export function ConversationList({
  items,
  selected,
  onSelect,
  hasMore,
  loadingMore,
  loadMore,
}: {
  items: ConversationListItem[];
  selected: string | null;
  onSelect: (id: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const now = useNow(30_000);
  const v = useVirtualizer({
    count: items.length + (hasMore ? 1 : 0),
    getScrollElement: () => parent.current,
    estimateSize: () => 84,
    overscan: 8,
  });
  const virtualItems = v.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= items.length - 5) loadMore();
  }, [hasMore, loadingMore, lastIndex, items.length, loadMore]);

  // Keyboard navigation moves the selection; keep it on screen.
  const selectedIndex = selected ? items.findIndex((c) => c.id === selected) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) v.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, v]);

  return (
    <div ref={parent} className="h-full overflow-y-auto" data-testid="conversation-list">
      <ul aria-label="Conversations" className="relative w-full" style={{ height: v.getTotalSize() }}>
        {virtualItems.map((row) => {
          const c = items[row.index];
          return (
            <li
              key={c?.id ?? "more"}
              data-index={row.index}
              ref={v.measureElement}
              className="absolute top-0 left-0 w-full"
              style={{ transform: `translateY(${row.start}px)` }}
            >
              {c ? (
                <Row c={c} active={selected === c.id} now={now} onSelect={onSelect} />
              ) : (
                <div className="flex justify-center p-4 text-xs text-muted-foreground">
                  <Spinner className="size-4" /> <span className="sr-only">Loading older conversations</span>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
