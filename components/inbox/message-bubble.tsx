"use client";

import { Check, CheckCheck, CircleAlert, Clock, FileText, Reply, RotateCw, SmilePlus } from "lucide-react";
import { memo } from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { ThreadMessage } from "@/lib/conversations/data";
import { explainFailure } from "@/lib/inbox/message-format";
import type { Reaction } from "@/lib/inbox/thread-shape";
import { previewText } from "@/lib/messages/render";
import { cn } from "@/lib/utils";
import { MessageContent } from "./message-content";
import type { TemplateDef } from "./message-interactive";
import { sendThreadCommand } from "./shortcuts";

export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

const STATUS_LABEL: Record<string, string> = {
  PENDING: "Sending",
  SENT: "Sent",
  DELIVERED: "Delivered",
  READ: "Read",
  FAILED: "Not delivered",
};

function Ticks({ status }: { status: ThreadMessage["status"] }) {
  const label = STATUS_LABEL[status] ?? status;
  const common = { "aria-label": label, role: "img" } as const;
  if (status === "FAILED") return <CircleAlert {...common} className="size-3.5 text-destructive" />;
  if (status === "READ") return <CheckCheck {...common} className="size-3.5 text-sky-500" />;
  if (status === "DELIVERED") return <CheckCheck {...common} className="size-3.5 opacity-70" />;
  if (status === "SENT") return <Check {...common} className="size-3.5 opacity-70" />;
  return <Clock {...common} className="size-3 opacity-60" />;
}

function Failure({ m, onRetry }: { m: ThreadMessage; onRetry?: (m: ThreadMessage) => void }) {
  const f = explainFailure(m.error);
  return (
    <div
      role="alert"
      className="mt-1.5 rounded-md bg-destructive/10 px-2 py-1 text-xs text-destructive"
      data-testid="failure"
    >
      <p className="font-medium">
        Not delivered{f.code !== null && f.code !== 0 ? ` (error ${f.code})` : ""}
        {f.reason !== f.action && f.reason !== "Not delivered" ? `: ${f.reason}` : ""}
      </p>
      <p>{f.action}</p>
      {/* Only what can work: retrying a message Meta refused for good would fail the same way. */}
      {onRetry && f.remedy === "retry" ? (
        <button
          type="button"
          onClick={() => onRetry(m)}
          className="mt-0.5 inline-flex items-center gap-1 font-medium underline underline-offset-2"
        >
          <RotateCw className="size-3" aria-hidden /> Retry
        </button>
      ) : null}
      {f.remedy === "template" ? (
        <button
          type="button"
          onClick={() => sendThreadCommand("template")}
          className="mt-0.5 inline-flex items-center gap-1 font-medium underline underline-offset-2"
        >
          <FileText className="size-3" aria-hidden /> Send a template
        </button>
      ) : null}
    </div>
  );
}

function Quote({
  quoted,
  targetWamid,
  onJump,
}: {
  quoted: ThreadMessage | null;
  targetWamid: string;
  onJump: (wamid: string) => void;
}) {
  return (
    <button
      type="button"
      onClick={() => onJump(targetWamid)}
      className="mb-1 block w-full rounded border-l-2 border-emerald-500 bg-black/5 px-2 py-1 text-left text-xs hover:bg-black/10 dark:bg-white/10 dark:hover:bg-white/15"
      data-testid="reply-quote"
    >
      <span className="block font-medium text-emerald-700 dark:text-emerald-400">
        {quoted ? (quoted.direction === "OUTBOUND" ? "You" : "Customer") : "Earlier message"}
      </span>
      <span className="line-clamp-2 text-muted-foreground">
        {quoted
          ? previewText({ type: quoted.type, payload: quoted.content })
          : "Not loaded — click to find it"}
      </span>
    </button>
  );
}

export interface BubbleProps {
  m: ThreadMessage;
  /** undefined: not a reply; null: the quoted message is not loaded. */
  quoted: ThreadMessage | null | undefined;
  quotedWamid: string | null;
  reactions: Reaction[] | undefined;
  highlighted: boolean;
  templates?: readonly TemplateDef[];
  onReply?: (m: ThreadMessage) => void;
  onReact?: (m: ThreadMessage, emoji: string) => void;
  onRetry?: (m: ThreadMessage) => void;
  onJump: (wamid: string) => void;
}

export const MessageBubble = memo(function MessageBubble({
  m,
  quoted,
  quotedWamid,
  reactions,
  highlighted,
  templates,
  onReply,
  onReact,
  onRetry,
  onJump,
}: BubbleProps) {
  const out = m.direction === "OUTBOUND";
  const time = new Date(m.sentAt);
  const ours = reactions?.find((r) => r.direction === "OUTBOUND");
  const common = {
    id: `msg-${m.id}`,
    "data-testid": "thread-message",
    "data-status": m.status,
    "data-type": m.type,
    "data-direction": out ? "out" : "in",
  };

  if (m.type === "system")
    return (
      <div {...common} className="flex justify-center py-1">
        <p className="rounded-full bg-muted px-3 py-1 text-xs text-muted-foreground">
          {previewText({ type: m.type, payload: m.content })}
        </p>
      </div>
    );

  const canAct = !!m.wamid && m.status !== "FAILED" && m.status !== "PENDING";
  return (
    <div
      {...common}
      className={cn(
        "group flex items-start gap-1",
        out ? "flex-row-reverse" : "flex-row",
        reactions?.length ? "mb-4" : "",
      )}
    >
      <div
        className={cn(
          "relative max-w-[min(75%,32rem)] rounded-lg px-3 py-1.5 text-sm shadow-sm transition-[box-shadow,background-color] duration-500",
          out ? "bg-primary/15" : "bg-card",
          // A sticker stands on its own, as on a phone: no bubble behind it.
          m.type === "sticker" && !quotedWamid && "bg-transparent px-0 shadow-none",
          highlighted && "ring-2 ring-amber-400 ring-offset-1 ring-offset-background",
        )}
      >
        {quotedWamid && quoted !== undefined ? (
          <Quote quoted={quoted} targetWamid={quotedWamid} onJump={onJump} />
        ) : null}
        <MessageContent m={m} templates={templates} />
        {out && m.status === "FAILED" ? <Failure m={m} onRetry={onRetry} /> : null}
        <div className="mt-0.5 flex items-center justify-end gap-1 text-[10px] text-muted-foreground">
          <time dateTime={m.sentAt} title={time.toLocaleString()}>
            {time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
          </time>
          {out ? <Ticks status={m.status} /> : null}
        </div>
        {reactions?.length ? (
          <div
            className={cn(
              "absolute -bottom-3.5 flex gap-0.5 rounded-full border bg-background px-1 text-xs shadow-sm",
              out ? "right-2" : "left-2",
            )}
            data-testid="reactions"
          >
            {reactions.map((r) => (
              <span
                key={r.direction}
                title={`${r.direction === "OUTBOUND" ? "You" : "Customer"} reacted ${r.emoji}${r.status === "PENDING" ? " (sending)" : ""}`}
                className={cn(r.status === "PENDING" && "opacity-60")}
              >
                {r.emoji}
              </span>
            ))}
          </div>
        ) : null}
      </div>
      {canAct && (onReply || onReact) ? (
        <div
          className={cn(
            "flex gap-0.5 self-center opacity-0 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100 has-[[data-state=open]]:opacity-100",
            "[@media(hover:none)]:opacity-100",
          )}
        >
          {onReply ? (
            <button
              type="button"
              aria-label="Reply to this message"
              title="Reply to this message"
              className="rounded-full p-1 text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:opacity-100"
              onClick={() => onReply(m)}
            >
              <Reply className="size-4" />
            </button>
          ) : null}
          {onReact ? (
            <DropdownMenu>
              <DropdownMenuTrigger
                aria-label="React to this message"
                title="React"
                className="rounded-full p-1 text-muted-foreground hover:bg-muted hover:text-foreground"
              >
                <SmilePlus className="size-4" />
              </DropdownMenuTrigger>
              <DropdownMenuContent align={out ? "end" : "start"} className="flex min-w-0 gap-0.5 p-1">
                {QUICK_REACTIONS.map((e) => (
                  <DropdownMenuItem
                    key={e}
                    aria-label={`React ${e}`}
                    className={cn("px-1.5 text-lg", ours?.emoji === e && "bg-accent")}
                    onSelect={() => onReact(m, ours?.emoji === e ? "" : e)}
                  >
                    {e}
                  </DropdownMenuItem>
                ))}
              </DropdownMenuContent>
            </DropdownMenu>
          ) : null}
        </div>
      ) : null}
    </div>
  );
});
