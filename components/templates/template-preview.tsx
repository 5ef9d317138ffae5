"use client";

import { Copy, ExternalLink, FileText, Image as ImageIcon, MapPin, Phone, Reply, Video } from "lucide-react";
import { memo } from "react";
import type { PreviewButton, TemplatePreview } from "@/lib/templates/preview";
import { cn } from "@/lib/utils";

// The template as a WhatsApp chat bubble, light or dark, with the examples filled in.

const THEMES = {
  light: {
    chat: "#efeae2",
    bubble: "#ffffff",
    text: "#111b21",
    muted: "#667781",
    link: "#027eb5",
    media: "#d1d7db",
  },
  dark: {
    chat: "#0b141a",
    bubble: "#202c33",
    text: "#e9edef",
    muted: "#8696a0",
    link: "#53bdeb",
    media: "#374248",
  },
};

/** WhatsApp's own markup: *bold*, _italic_, ~strike~, ```mono```. */
function formatted(text: string) {
  const parts = text.split(/(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~|```[^`]+```)/g);
  return parts.map((p, i) => {
    const key = `${i}:${p}`;
    if (/^\*[^*]+\*$/.test(p)) return <strong key={key}>{p.slice(1, -1)}</strong>;
    if (/^_[^_]+_$/.test(p)) return <em key={key}>{p.slice(1, -1)}</em>;
    if (/^~[^~]+~$/.test(p)) return <s key={key}>{p.slice(1, -1)}</s>;
    if (/^```[^`]+```$/.test(p))
      return (
        <code key={key} className="font-mono">
          {p.slice(3, -3)}
        </code>
      );
    return p;
  });
}

const ICONS: Record<string, typeof Reply> = {
  QUICK_REPLY: Reply,
  URL: ExternalLink,
  PHONE_NUMBER: Phone,
  COPY_CODE: Copy,
  OTP: Copy,
  FLOW: ExternalLink,
};

function Buttons({ buttons, t }: { buttons: PreviewButton[]; t: (typeof THEMES)["light"] }) {
  // WhatsApp shows up to three buttons; more fold into "See all options".
  const shown = buttons.length > 3 ? buttons.slice(0, 2) : buttons;
  return (
    <div className="mt-0.5 space-y-0.5">
      {shown.map((b, i) => {
        const Icon = ICONS[b.type] ?? Reply;
        return (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: a drawing of the list as it stands, no state per item
            key={`${i}:${b.type}`}
            className="flex items-center justify-center gap-1.5 rounded-md py-2 text-sm font-medium"
            style={{ background: t.bubble, color: t.link }}
            title={b.detail ?? undefined}
          >
            <Icon className="size-4" aria-hidden="true" />
            {b.text || <span style={{ color: t.muted }}>Button</span>}
          </div>
        );
      })}
      {buttons.length > 3 ? (
        <div
          className="rounded-md py-2 text-center text-sm font-medium"
          style={{ background: t.bubble, color: t.link }}
        >
          See all options
        </div>
      ) : null}
    </div>
  );
}

function MediaBox({ kind, t, src }: { kind: string; t: (typeof THEMES)["light"]; src?: string }) {
  const Icon =
    kind === "VIDEO" ? Video : kind === "DOCUMENT" ? FileText : kind === "LOCATION" ? MapPin : ImageIcon;
  if (src && kind === "IMAGE")
    return (
      // biome-ignore lint/performance/noImgElement: a local object URL of the chosen sample
      <img src={src} alt="Header sample" className="mb-1 aspect-[1.91/1] w-full rounded-md object-cover" />
    );
  return (
    <div
      className="mb-1 flex aspect-[1.91/1] w-full items-center justify-center rounded-md"
      style={{ background: t.media, color: t.muted }}
    >
      <Icon className="size-10" aria-label={`${kind.toLowerCase()} header`} />
    </div>
  );
}

export const TemplateBubble = memo(function TemplateBubble({
  preview,
  mode,
  mediaSrc,
  cardMediaSrc,
}: {
  preview: TemplatePreview;
  mode: "light" | "dark";
  mediaSrc?: string;
  /** Each card's chosen image sample, by the card's place. */
  cardMediaSrc?: (string | undefined)[];
}) {
  const t = THEMES[mode];
  return (
    <figure
      aria-label={`Preview (${mode})`}
      data-testid="template-bubble"
      className="rounded-lg p-3"
      style={{ background: t.chat, color: t.text }}
    >
      <div className="max-w-[85%]">
        <div className="rounded-lg rounded-tl-none p-1.5 shadow-sm" style={{ background: t.bubble }}>
          {preview.header ? (
            preview.header.kind === "TEXT" ? (
              <p className="px-1.5 pt-1 font-bold break-words" data-testid="preview-header">
                {preview.header.text}
              </p>
            ) : (
              <MediaBox kind={preview.header.kind} t={t} src={mediaSrc} />
            )
          ) : null}
          {preview.offer ? (
            <div className="mx-1.5 my-1 rounded-md px-2 py-1.5 text-sm" style={{ background: t.media }}>
              <p className="font-semibold">{preview.offer.text || "Offer headline"}</p>
              {preview.offer.expires ? <p style={{ color: t.muted }}>Ends in 2 days</p> : null}
            </div>
          ) : null}
          <p className="px-1.5 py-1 text-sm break-words whitespace-pre-wrap" data-testid="preview-body">
            {preview.body ? formatted(preview.body) : <span style={{ color: t.muted }}>Body text</span>}
          </p>
          {preview.footer ? (
            <p className="px-1.5 pb-0.5 text-xs" style={{ color: t.muted }}>
              {preview.footer}
            </p>
          ) : null}
          <p className="px-1.5 text-right text-[11px]" style={{ color: t.muted }}>
            12:00
          </p>
        </div>
        <Buttons buttons={preview.buttons} t={t} />
      </div>
      {preview.cards.length > 0 ? (
        // WhatsApp draws the cards side by side under the message, scrolled sideways; the strip takes the
        // focus so the cards beyond the edge can be scrolled to with the arrow keys.
        <ol
          className="mt-2 flex gap-2 overflow-x-auto rounded-lg pb-1 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          aria-label="Carousel cards"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
          tabIndex={0}
          data-testid="preview-cards"
        >
          {preview.cards.map((c) => (
            <li
              key={`card-${c.index}`}
              className={cn("flex w-48 shrink-0 flex-col rounded-lg p-1.5 shadow-sm")}
              style={{ background: t.bubble }}
              aria-label={`Card ${c.index + 1}`}
              data-testid="preview-card"
            >
              <MediaBox kind={c.header.kind} t={t} src={cardMediaSrc?.[c.index]} />
              <p className="grow px-1 py-1 text-sm break-words whitespace-pre-wrap">
                {c.body ? formatted(c.body) : <span style={{ color: t.muted }}>Card text</span>}
              </p>
              <div className="border-t" style={{ borderColor: t.media }}>
                <Buttons buttons={c.buttons} t={t} />
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </figure>
  );
});
