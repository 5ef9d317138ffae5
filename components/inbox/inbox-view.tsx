"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Inbox, MessagesSquare } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import type { ConversationPage } from "@/lib/inbox/data";
import { inboxKeys, inboxUrls } from "@/lib/inbox/query-keys";
import { fetchJson } from "@/lib/query-client";
import { cn } from "@/lib/utils";
import { ConversationList } from "./conversation-list";
import { ThreadView } from "./thread-view";

const FILTERS = [
  { value: "ACTIVE", label: "Active" },
  { value: "ENDED", label: "Ended" },
  { value: "", label: "All" },
] as const;

export function InboxView({
  projectId,
  hasNumbers,
  isAdmin,
  slug,
}: {
  projectId: string;
  hasNumbers: boolean;
  isAdmin: boolean;
  slug: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const queryClient = useQueryClient();
  const status = params.get("status") ?? "ACTIVE";
  const selected = params.get("c");
  const statusFilter = status === "ACTIVE" || status === "ENDED" ? status : undefined;

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next}`, { scroll: false });
  };

  const list = useInfiniteQuery({
    queryKey: inboxKeys.list(projectId, status),
    queryFn: ({ pageParam }) =>
      fetchJson<ConversationPage>(inboxUrls.list(projectId, statusFilter, pageParam ?? undefined)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: inboxKeys.all(projectId) }),
    [projectId, queryClient],
  );
  useRealtimeEvent("message.created", refresh);
  useRealtimeEvent("message.updated", refresh);
  useRealtimeEvent("conversation.updated", refresh);

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-0 md:h-dvh">
      <section
        className={cn(
          "flex w-full min-w-0 flex-col border-r md:w-80 md:shrink-0",
          selected && "hidden md:flex",
        )}
      >
        <div className="flex items-center justify-between gap-2 border-b px-4 py-3">
          <h1 className="text-base font-semibold">Inbox</h1>
          <div role="tablist" aria-label="Status" className="flex gap-1 rounded-md bg-muted p-0.5">
            {FILTERS.map((f) => (
              <button
                key={f.label}
                type="button"
                role="tab"
                aria-selected={(statusFilter ?? "") === f.value}
                onClick={() => setParam("status", f.value || "all")}
                className={cn(
                  "rounded px-2 py-1 text-xs font-medium text-muted-foreground",
                  (statusFilter ?? "") === f.value && "bg-background text-foreground shadow-sm",
                )}
              >
                {f.label}
              </button>
            ))}
          </div>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          {list.isPending ? (
            <div className="space-y-3 p-4">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-12 w-full" />
              ))}
            </div>
          ) : list.isError ? (
            <p role="alert" className="p-4 text-sm text-destructive">
              Could not load conversations: {list.error.message}
            </p>
          ) : items.length === 0 ? (
            <EmptyState
              className="m-4"
              icon={Inbox}
              title={hasNumbers ? "No conversations here" : "No WhatsApp number yet"}
              description={
                hasNumbers
                  ? "When a customer writes to one of this project's numbers, the conversation appears here in real time. Try the sandbox phone."
                  : "Add a number under Numbers first."
              }
              action={
                hasNumbers ? (
                  <Button asChild variant="outline" size="sm">
                    <Link href="/sandbox">Open the sandbox phone</Link>
                  </Button>
                ) : isAdmin ? (
                  <Button asChild variant="outline" size="sm">
                    <Link href={`/p/${slug}/numbers`}>Go to Numbers</Link>
                  </Button>
                ) : undefined
              }
            />
          ) : (
            <>
              <ConversationList items={items} selected={selected} onSelect={(id) => setParam("c", id)} />
              {list.hasNextPage ? (
                <div className="p-3 text-center">
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => void list.fetchNextPage()}
                    disabled={list.isFetchingNextPage}
                  >
                    Load older conversations
                  </Button>
                </div>
              ) : null}
            </>
          )}
        </div>
      </section>
      <section className={cn("min-w-0 flex-1", !selected && "hidden md:block")}>
        {selected ? (
          <ThreadView
            key={selected}
            projectId={projectId}
            conversationId={selected}
            onBack={() => setParam("c", null)}
          />
        ) : (
          <EmptyState
            className="m-8"
            icon={MessagesSquare}
            title="Pick a conversation"
            description="Its messages and the reply box open here."
          />
        )}
      </section>
    </div>
  );
}
