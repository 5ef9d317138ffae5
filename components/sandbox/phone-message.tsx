"use client";

import { Check, CheckCheck, CircleAlert, Reply, SmilePlus } from "lucide-react";
import { memo } from "react";
import { previewText, renderTemplate } from "@/lib/messages/render";
import { cn } from "@/lib/utils";
import type { PhoneAction, PhoneMessage, PhoneTemplate } from "./types";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const REACTIONS = ["👍", "❤️", "😂", "😮", "🙏"];

function Ticks({ status }: { status: string }) {
  if (status === "failed") return <CircleAlert className="size-3.5 text-destructive" aria-label="failed" />;
  if (status === "read") return <CheckCheck className="size-3.5 text-sky-500" aria-label="read" />;
  if (status === "delivered") return <CheckCheck className="size-3.5 opacity-70" aria-label="delivered" />;
  if (status === "sent") return <Check className="size-3.5 opacity-70" aria-label="sent" />;
  return <span className="text-[10px] opacity-70">…</span>;
}

function TapButton({ children, onClick }: { children: React.ReactNode; onClick?: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={!onClick}
      className="w-full rounded-md border-t border-black/5 py-1.5 text-center text-sm font-medium text-sky-600 hover:bg-black/5 disabled:cursor-default dark:border-white/10 dark:text-sky-400"
    >
      {children}
    </button>
  );
}

function Body({
  m,
  templates,
  onAction,
}: {
  m: PhoneMessage;
  templates: PhoneTemplate[];
  onAction: (a: PhoneAction) => void;
}) {
  const p = m.payload;
  const body = obj(p[m.type]);
  if (m.type === "template") {
    const t = renderTemplate(p, templates);
    return (
      <div className="space-y-1">
        {t.header ? <p className="font-semibold">{t.header}</p> : null}
        <p className="whitespace-pre-wrap">{t.body}</p>
        {t.footer ? <p className="text-xs opacity-60">{t.footer}</p> : null}
        {t.buttons.map((b) =>
          b.type === "QUICK_REPLY" ? (
            <TapButton
              key={b.text}
              onClick={() =>
                onAction({ kind: "quick_reply", messageId: m.wamid, payload: b.payload, title: b.text })
              }
            >
              {b.text}
            </TapButton>
          ) : (
            <TapButton key={b.text}>{b.text}</TapButton>
          ),
        )}
      </div>
    );
  }
  if (m.type === "interactive" && m.direction === "TO_CUSTOMER") {
    const action = obj(body.action);
    return (
      <div className="space-y-1">
        {obj(body.header).text ? <p className="font-semibold">{String(obj(body.header).text)}</p> : null}
        <p className="whitespace-pre-wrap">{String(obj(body.body).text ?? "")}</p>
        {obj(body.footer).text ? <p className="text-xs opacity-60">{String(obj(body.footer).text)}</p> : null}
        {body.type === "button"
          ? arr(action.buttons).map((b) => {
              const r = obj(b.reply);
              return (
                <TapButton
                  key={String(r.id)}
                  onClick={() =>
                    onAction({
                      kind: "button_reply",
                      messageId: m.wamid,
                      id: String(r.id),
                      title: String(r.title),
                    })
                  }
                >
                  {String(r.title)}
                </TapButton>
              );
            })
          : null}
        {body.type === "list" ? (
          <details className="rounded-md border-t border-black/5 dark:border-white/10">
            <summary className="cursor-pointer py-1.5 text-center text-sm font-medium text-sky-600 dark:text-sky-400">
              {String(action.button ?? "Options")}
            </summary>
            {arr(action.sections).map((s) => (
              <div key={String(s.title ?? "section")} className="py-1">
                {s.title ? <p className="px-1 text-xs font-semibold opacity-60">{String(s.title)}</p> : null}
                {arr(s.rows).map((r) => (
                  <button
                    type="button"
                    key={String(r.id)}
                    className="block w-full rounded px-2 py-1 text-left text-sm hover:bg-black/5 dark:hover:bg-white/10"
                    onClick={() =>
                      onAction({
                        kind: "list_reply",
                        messageId: m.wamid,
                        id: String(r.id),
                        title: String(r.title),
                        description: r.description ? String(r.description) : undefined,
                      })
                    }
                  >
                    {String(r.title)}
                    {r.description ? (
                      <span className="block text-xs opacity-60">{String(r.description)}</span>
                    ) : null}
                  </button>
                ))}
              </div>
            ))}
          </details>
        ) : null}
        {body.type === "cta_url" ? (
          <a
            className="block py-1.5 text-center text-sm font-medium text-sky-600"
            href={String(obj(action.parameters).url)}
            target="_blank"
            rel="noreferrer"
          >
            {String(obj(action.parameters).display_text)}
          </a>
        ) : null}
        {body.type === "location_request_message" ? (
          <TapButton>📍 Send location (use the pin below)</TapButton>
        ) : null}
      </div>
    );
  }
  if (m.type === "location")
    return (
      <p>
        📍 {String(body.name ?? `${String(body.latitude)}, ${String(body.longitude)}`)}
        {body.address ? <span className="block text-xs opacity-70">{String(body.address)}</span> : null}
      </p>
    );
  if (m.type === "contacts")
    return (
      <p>
        👤{" "}
        {arr(p.contacts)
          .map((c) => String(obj(c.name).formatted_name ?? "Contact"))
          .join(", ")}
      </p>
    );
  return <p className="whitespace-pre-wrap break-words">{previewText(m)}</p>;
}

export const PhoneBubble = memo(function PhoneBubble({
  m,
  quoted,
  reactions,
  templates,
  onAction,
  onReply,
  onReact,
}: {
  m: PhoneMessage;
  quoted?: PhoneMessage;
  reactions: string[];
  templates: PhoneTemplate[];
  onAction: (a: PhoneAction) => void;
  onReply: (m: PhoneMessage) => void;
  onReact: (m: PhoneMessage, emoji: string) => void;
}) {
  const mine = m.direction === "FROM_CUSTOMER";
  const context = obj(m.payload.context);
  return (
    <div
      className={cn("group flex", mine ? "justify-end" : "justify-start")}
      data-testid="phone-message"
      data-direction={mine ? "out" : "in"}
      data-status={m.status}
    >
      <div
        className={cn(
          "relative max-w-[80%] rounded-lg px-2.5 py-1.5 text-sm shadow-sm",
          mine
            ? "bg-emerald-100 text-emerald-950 dark:bg-emerald-900 dark:text-emerald-50"
            : "bg-white text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100",
        )}
      >
        {context.id || obj(m.payload).context ? (
          <div className="mb-1 rounded border-l-2 border-emerald-500 bg-black/5 px-2 py-0.5 text-xs opacity-80 dark:bg-white/10">
            {quoted ? previewText(quoted) : "Earlier message"}
          </div>
        ) : null}
        <Body m={m} templates={templates} onAction={onAction} />
        <div className="mt-0.5 flex items-center justify-end gap-1 text-[10px] opacity-70">
          {new Date(m.createdAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
          {mine || m.status !== "accepted" ? <Ticks status={m.status} /> : null}
        </div>
        {reactions.length > 0 ? (
          <div className="absolute -bottom-3 right-2 rounded-full bg-background px-1 text-xs shadow">
            {reactions.join("")}
          </div>
        ) : null}
        <div
          className={cn(
            "absolute top-0 hidden gap-0.5 group-hover:flex group-focus-within:flex",
            mine ? "-left-16" : "-right-16",
          )}
        >
          <button
            type="button"
            aria-label="Reply"
            className="rounded-full bg-background p-1 shadow"
            onClick={() => onReply(m)}
          >
            <Reply className="size-3.5" />
          </button>
          <details className="relative">
            <summary aria-label="React" className="list-none rounded-full bg-background p-1 shadow">
              <SmilePlus className="size-3.5" />
            </summary>
            <div className="absolute z-10 mt-1 flex rounded-full bg-background p-1 shadow">
              {REACTIONS.map((e) => (
                <button
                  type="button"
                  key={e}
                  className="px-0.5"
                  aria-label={`React ${e}`}
                  onClick={() => onReact(m, e)}
                >
                  {e}
                </button>
              ))}
            </div>
          </details>
        </div>
      </div>
    </div>
  );
});
