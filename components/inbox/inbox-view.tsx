"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Inbox, Keyboard, MessagesSquare, Search, X } from "lucide-react";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { useFinePointer } from "@/components/ui/use-fine-pointer";
import type { ConversationPage } from "@/lib/conversations/data";
import { inboxKeys, inboxPaths, type ListFilters } from "@/lib/inbox/query-keys";
import {
  parseStatusFilter,
  STATUS_FILTERS,
  statusFilterParam,
  statusForApi,
} from "@/lib/inbox/status-filter";
import { cn } from "@/lib/utils";
import { ConversationList } from "./conversation-list";
import { useInboxApi } from "./inbox-api";
import { InboxNotifications, NotificationToggle } from "./notifications";
import { ShortcutHelp, useInboxShortcuts } from "./shortcuts";
import { ThreadView } from "./thread-view";
import { useAssignees } from "./use-inbox";
import { useInboxRealtime } from "./use-inbox-realtime";

export function InboxView({ emptyHint }: { emptyHint?: React.ReactNode }) {
  const api = useInboxApi();
  const pathname = usePathname();
  const params = useSearchParams();
  const searchRef = useRef<HTMLInputElement>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const keyboard = useFinePointer();

  const statusParam = parseStatusFilter(params.get("status"));
  const filters: ListFilters = useMemo(
    () => ({
      status: statusForApi(statusParam),
      assignee: params.get("assignee") ?? undefined,
      numberId: params.get("number") ?? undefined,
      q: params.get("q") ?? undefined,
    }),
    [params, statusParam],
  );
  const selected = params.get("c");

  const setParams = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      // The URL only records the view; the data comes from the inbox API. The browser's own history
      // (which Next keeps useSearchParams in sync with) needs no server round trip, so picking a
      // conversation still works while the server is unreachable instead of failing into an error page.
      window.history.replaceState(null, "", `${pathname}?${next}`);
    },
    [params, pathname],
  );

  // The search box updates the URL a moment after typing stops.
  const [q, setQ] = useState(filters.q ?? "");
  useEffect(() => {
    const t = setTimeout(() => {
      if ((filters.q ?? "") !== q.trim()) setParams({ q: q.trim() || null });
    }, 300);
    return () => clearTimeout(t);
  }, [q, filters.q, setParams]);

  const list = useInfiniteQuery({
    queryKey: inboxKeys.list(api.key, filters),
    queryFn: ({ pageParam }) => api.get<ConversationPage>(inboxPaths.list(filters, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const numbers = useQuery({
    queryKey: inboxKeys.numbers(api.key),
    queryFn: () => api.get<{ id: string; display: string; name: string }[]>("/numbers"),
    staleTime: 5 * 60_000,
  });
  const assignees = useAssignees();

  // Realtime events patch the list and open thread in place (no refetch per message).
  useInboxRealtime();

  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const select = useCallback((id: string | null) => setParams({ c: id }), [setParams]);

  useInboxShortcuts({
    items,
    selected,
    select,
    focusSearch: () => searchRef.current?.focus(),
    openHelp: () => setHelpOpen(true),
  });

  const filtered = !!(filters.assignee || filters.numberId || filters.q);

  return (
    <div className="flex h-full min-h-0">
      <InboxNotifications />
      <section
        aria-label="Conversation list"
        className={cn(
          "flex w-full min-w-0 flex-col border-r md:w-96 md:shrink-0",
          selected && "hidden md:flex",
        )}
      >
        <div className="space-y-2 border-b px-3 py-3">
          <div className="flex items-center justify-between gap-2">
            <h1 className="text-base font-semibold">Inbox</h1>
            <div className="flex items-center gap-1">
              <NotificationToggle />
              <Button
                hidden={!keyboard}
                variant="ghost"
                size="icon"
                className="size-8"
                aria-label="Keyboard shortcuts"
                title="Keyboard shortcuts (?)"
                onClick={() => setHelpOpen(true)}
              >
                <Keyboard className="size-4" />
              </Button>
            </div>
          </div>
          <div className="relative">
            <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground" />
            <Input
              ref={searchRef}
              type="search"
              aria-label="Search conversations"
              placeholder={
                keyboard ? "Search name, number or message  ( / )" : "Search name, number or message"
              }
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  setQ("");
                  e.currentTarget.blur();
                }
              }}
              className="h-9 pl-8"
            />
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <div role="tablist" aria-label="Status" className="flex gap-0.5 rounded-md bg-muted p-0.5">
              {STATUS_FILTERS.map((s) => (
                <button
                  key={s.value}
                  type="button"
                  role="tab"
                  aria-selected={statusParam === s.value}
                  onClick={() => setParams({ status: statusFilterParam(s.value) })}
                  className={cn(
                    "rounded px-2 py-1 text-xs font-medium text-muted-foreground",
                    statusParam === s.value && "bg-background text-foreground shadow-sm",
                  )}
                >
                  {s.label}
                </button>
              ))}
            </div>
            <Select
              value={filters.assignee ?? "all"}
              onValueChange={(v) => setParams({ assignee: v === "all" ? null : v })}
            >
              <SelectTrigger size="sm" aria-label="Assignee" className="h-7 min-w-36 flex-1 text-xs">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="all">Anyone</SelectItem>
                {api.meId ? <SelectItem value="me">Assigned to me</SelectItem> : null}
                <SelectItem value="unassigned">Unassigned</SelectItem>
                {(assignees.data ?? []).map((u) => (
                  <SelectItem key={u.id} value={u.id}>
                    {u.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            {(numbers.data?.length ?? 0) > 1 ? (
              <Select
                value={filters.numberId ?? "all"}
                onValueChange={(v) => setParams({ number: v === "all" ? null : v })}
              >
                <SelectTrigger size="sm" aria-label="Phone number" className="h-7 min-w-36 flex-1 text-xs">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="all">All numbers</SelectItem>
                  {(numbers.data ?? []).map((n) => (
                    <SelectItem key={n.id} value={n.id}>
                      {n.name} · {n.display}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            ) : null}
          </div>
        </div>
        <div className="min-h-0 flex-1">
          {list.isPending ? (
            <div className="space-y-3 p-4">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-12 w-full" />
              ))}
            </div>
          ) : list.isError ? (
            <div role="alert" className="space-y-2 p-4 text-sm text-destructive">
              <p>Could not load conversations: {list.error.message}</p>
              <Button variant="outline" size="sm" onClick={() => void list.refetch()}>
                Try again
              </Button>
            </div>
          ) : items.length === 0 ? (
            filtered ? (
              <EmptyState
                className="m-4"
                icon={Search}
                title="Nothing matches these filters"
                description="Try other words, or clear the filters."
                action={
                  <Button
                    variant="outline"
                    size="sm"
                    onClick={() => {
                      setQ("");
                      setParams({ q: null, assignee: null, number: null });
                    }}
                  >
                    <X className="size-4" /> Clear filters
                  </Button>
                }
              />
            ) : (
              <EmptyState
                className="m-4"
                icon={Inbox}
                title="No conversations here"
                description="When a customer writes to a number in this inbox, the conversation appears here in real time."
                action={emptyHint}
              />
            )
          ) : (
            <ConversationList
              items={items}
              selected={selected}
              onSelect={select}
              hasMore={!!list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              loadMore={() => void list.fetchNextPage()}
            />
          )}
        </div>
      </section>
      <section aria-label="Conversation" className={cn("min-w-0 flex-1", !selected && "hidden md:block")}>
        {selected ? (
          <ThreadView key={selected} conversationId={selected} onBack={() => select(null)} />
        ) : (
          <div className="flex h-full items-center justify-center p-8">
            <EmptyState
              className="w-full max-w-md"
              icon={MessagesSquare}
              title="Pick a conversation"
              description={`Its messages and the reply box open here.${keyboard ? " Press ? for keyboard shortcuts." : ""}`}
            />
          </div>
        )}
      </section>
      <ShortcutHelp open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
}

/** The dashboard's empty-inbox hint: where conversations come from. */
export function DashboardEmptyHint({
  hasNumbers,
  isAdmin,
  slug,
}: {
  hasNumbers: boolean;
  isAdmin: boolean;
  slug: string;
}) {
  if (hasNumbers)
    return (
      <Button asChild variant="outline" size="sm">
        <Link href="/sandbox">Open the sandbox phone</Link>
      </Button>
    );
  return isAdmin ? (
    <Button asChild variant="outline" size="sm">
      <Link href={`/p/${slug}/numbers`}>Add a number under Numbers</Link>
    </Button>
  ) : null;
}
