"use client";

import { Check, CheckCheck, CircleAlert, FileText, MapPin, Reply, SmilePlus, UserRound } from "lucide-react";
import { memo, useEffect, useRef, useState } from "react";
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

const MEDIA = new Set(["image", "sticker", "video", "audio", "document"]);

/** A file as a phone shows it: the picture, a player, or a document card, with its caption. */
function Media({ m, numberId }: { m: PhoneMessage; numberId: string }) {
  const media = obj(m.payload[m.type]);
  const src =
    typeof media.id === "string"
      ? `/api/sandbox/phone/media?numberId=${encodeURIComponent(numberId)}&mediaId=${encodeURIComponent(media.id)}`
      : typeof media.link === "string" && /^https?:\/\//.test(media.link)
        ? media.link
        : null;
  const caption = typeof media.caption === "string" ? media.caption : null;
  const name = typeof media.filename === "string" ? media.filename : "Document";
  let shown: React.ReactNode;
  if (!src) shown = <p className="text-xs opacity-70">{previewText(m)}</p>;
  else if (m.type === "image")
    // biome-ignore lint/performance/noImgElement: authenticated API media, not an optimisable asset
    shown = <img src={src} alt={caption ?? "Photo"} className="max-h-64 w-full rounded-md object-cover" />;
  else if (m.type === "sticker")
    // biome-ignore lint/performance/noImgElement: authenticated API media, not an optimisable asset
    shown = <img src={src} alt="Sticker" className="size-32 object-contain" />;
  else if (m.type === "video")
    // biome-ignore lint/a11y/useMediaCaption: the business's videos come without captions
    shown = <video src={src} controls className="max-h-64 w-full rounded-md" />;
  else if (m.type === "audio")
    // biome-ignore lint/a11y/useMediaCaption: voice notes come without captions
    shown = <audio src={src} controls className="w-56 max-w-full" />;
  else
    shown = (
      <a
        href={src}
        target="_blank"
        rel="noreferrer"
        className="flex items-center gap-2 rounded-md bg-black/5 p-2 dark:bg-white/10"
      >
        <FileText className="size-6 shrink-0 opacity-70" aria-hidden />
        <span className="min-w-0 truncate text-sm font-medium">{name}</span>
      </a>
    );
  return (
    <div className="space-y-1" data-testid="phone-media" data-type={m.type}>
      {shown}
      {caption ? <p className="whitespace-pre-wrap break-words">{caption}</p> : null}
    </div>
  );
}

function Body({
  m,
  numberId,
  templates,
  onAction,
}: {
  m: PhoneMessage;
  numberId: string;
  templates: PhoneTemplate[];
  onAction: (a: PhoneAction) => void;
}) {
  const p = m.payload;
  const body = obj(p[m.type]);
  if (MEDIA.has(m.type)) return <Media m={m} numberId={numberId} />;
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
          <TapButton>
            <MapPin className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
            Send location (use the pin below)
          </TapButton>
        ) : null}
      </div>
    );
  }
  if (m.type === "location")
    return (
      <p>
        <MapPin className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
        {String(body.name ?? `${String(body.latitude)}, ${String(body.longitude)}`)}
        {body.address ? <span className="block text-xs opacity-70">{String(body.address)}</span> : null}
      </p>
    );
  if (m.type === "contacts")
    return (
      <p>
        <UserRound className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
        {arr(p.contacts)
          .map((c) => String(obj(c.name).formatted_name ?? "Contact"))
          .join(", ")}
      </p>
    );
  return <p className="whitespace-pre-wrap break-words">{previewText(m)}</p>;
}

/**
 * The reaction bar. It opens towards the middle of the chat (never past the phone's edge), closes when an
 * emoji is picked, on Escape or on a tap elsewhere.
 */
function ReactionPicker({ mine, onPick }: { mine: boolean; onPick: (emoji: string) => void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-label="React"
        aria-expanded={open}
        className="rounded-full bg-background p-1 shadow"
        onClick={() => setOpen((o) => !o)}
      >
        <SmilePlus className="size-3.5" />
      </button>
      {open ? (
        <div
          role="menu"
          aria-label="Reactions"
          data-testid="phone-reactions"
          className={cn(
            "absolute top-full z-20 mt-1 flex rounded-full bg-background p-1 shadow",
            mine ? "left-0" : "right-0",
          )}
        >
          {REACTIONS.map((e) => (
            <button
              type="button"
              role="menuitem"
              key={e}
              className="px-0.5"
              aria-label={`React ${e}`}
              onClick={() => {
                onPick(e);
                setOpen(false);
              }}
            >
              {e}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export const PhoneBubble = memo(function PhoneBubble({
  m,
  numberId,
  quoted,
  reactions,
  templates,
  onAction,
  onReply,
  onReact,
}: {
  m: PhoneMessage;
  numberId: string;
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
        <Body m={m} numberId={numberId} templates={templates} onAction={onAction} />
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
            "absolute top-0 hidden gap-0.5 group-hover:flex group-focus-within:flex has-[[aria-expanded=true]]:flex",
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
          <ReactionPicker mine={mine} onPick={(e) => onReact(m, e)} />
        </div>
      </div>
    </div>
  );
});
