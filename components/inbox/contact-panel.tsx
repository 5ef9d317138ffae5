"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { ContactPanel as ContactPanelData } from "@/lib/conversations/contact-data";
import { formatPhone } from "@/lib/inbox/phone-format";
import { inboxKeys } from "@/lib/inbox/query-keys";
import { useInboxApi } from "./inbox-api";

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

/** Who the customer is, their earlier conversations, and who has handled this one. */
export function ContactPanel({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const api = useInboxApi();
  const q = useQuery({
    queryKey: inboxKeys.contact(api.key, conversationId),
    queryFn: () => api.get<ContactPanelData>(`/conversations/${conversationId}/contact`),
  });
  const d = q.data;
  return (
    <aside
      aria-label="Contact details"
      // Beside the thread only where both fit (2xl); narrower, it slides over the thread's right side
      // instead of squeezing the thread to a sliver (full screen on a phone), below the thread's header
      // (h-14) so Assign and Close stay in reach while it is open.
      className="absolute inset-0 z-20 flex flex-col overflow-y-auto border-l bg-background sm:top-14 sm:left-auto sm:w-80 sm:shadow-xl 2xl:static 2xl:shrink-0 2xl:shadow-none"
    >
      <div className="flex items-center justify-between border-b px-4 py-3">
        <h3 className="text-sm font-semibold">Contact</h3>
        <Button
          variant="ghost"
          size="icon"
          className="size-7"
          aria-label="Close contact details"
          onClick={onClose}
        >
          <X className="size-4" />
        </Button>
      </div>
      {q.isPending ? (
        <div className="space-y-2 p-4">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : q.isError || !d ? (
        <p role="alert" className="p-4 text-sm text-destructive">
          Could not load contact details: {q.error?.message}
        </p>
      ) : (
        <div className="space-y-5 p-4 text-sm">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5">
            <dt className="text-muted-foreground">Name</dt>
            <dd>{d.name ?? "—"}</dd>
            <dt className="text-muted-foreground">{d.waId ? "Number" : "User id"}</dt>
            <dd className="break-all font-mono text-xs">{d.waId ? formatPhone(d.waId) : (d.bsuid ?? "—")}</dd>
            {d.waId && d.bsuid ? (
              <>
                <dt className="text-muted-foreground">User id</dt>
                <dd className="break-all font-mono text-xs">{d.bsuid}</dd>
              </>
            ) : null}
            <dt className="text-muted-foreground">Customer</dt>
            <dd>{d.customer ?? "—"}</dd>
            <dt className="text-muted-foreground">Messages</dt>
            <dd>
              {d.messages.inbound} received · {d.messages.outbound} sent
            </dd>
          </dl>
          <section>
            <h4 className="mb-1.5 text-xs font-semibold text-muted-foreground uppercase">Conversations</h4>
            <ul className="space-y-1">
              {d.conversations.map((c) => (
                <li key={c.id} className="flex justify-between gap-2 text-xs">
                  <span>{when(c.createdAt)}</span>
                  <span className={c.status === "ACTIVE" ? "text-emerald-600" : "text-muted-foreground"}>
                    {c.id === conversationId ? "this one · " : ""}
                    {c.status.toLowerCase()}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h4 className="mb-1.5 text-xs font-semibold text-muted-foreground uppercase">
              Assignment history
            </h4>
            {d.assignments.length === 0 ? (
              <p className="text-xs text-muted-foreground">Never assigned.</p>
            ) : (
              <ol className="space-y-2" data-testid="assignment-history">
                {d.assignments.map((a) => (
                  <li key={a.id} className="border-l-2 pl-2 text-xs">
                    <p>
                      <span className="font-medium">{a.user}</span>
                      {a.active ? <span className="ml-1 text-emerald-600">(current)</span> : null}
                    </p>
                    <p className="text-muted-foreground">
                      {when(a.createdAt)}
                      {a.assignedBy ? ` by ${a.assignedBy}` : ""}
                      {a.endedAt ? ` · until ${when(a.endedAt)}` : ""}
                    </p>
                    {a.note ? <p className="mt-0.5 italic">“{a.note}”</p> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      )}
    </aside>
  );
}
