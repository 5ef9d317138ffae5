"use client";

import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import type { ConversationListItem } from "@/lib/inbox/data";
import { previewText } from "@/lib/messages/render";
import { cn, initials } from "@/lib/utils";

function shortTime(iso: string): string {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today
    ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString([], { month: "short", day: "numeric" });
}

export function ConversationList({
  items,
  selected,
  onSelect,
}: {
  items: ConversationListItem[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <ul aria-label="Conversations" className="divide-y">
      {items.map((c) => {
        const name = c.contactName ?? c.contactNumber ?? "Unknown";
        return (
          <li key={c.id}>
            <button
              type="button"
              data-testid="conversation-item"
              aria-current={selected === c.id ? "true" : undefined}
              onClick={() => onSelect(c.id)}
              className={cn(
                "flex w-full gap-3 px-4 py-3 text-left hover:bg-accent focus-visible:outline-2",
                selected === c.id && "bg-accent",
              )}
            >
              <Avatar className="size-9 shrink-0">
                <AvatarFallback className="text-xs">
                  {initials(c.contactName, c.contactNumber ?? "?")}
                </AvatarFallback>
              </Avatar>
              <span className="min-w-0 flex-1">
                <span className="flex items-baseline justify-between gap-2">
                  <span
                    className={cn("truncate text-sm", c.unreadCount > 0 ? "font-semibold" : "font-medium")}
                  >
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
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
