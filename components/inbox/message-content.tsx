"use client";

import { Ban, ExternalLink, MapPin, Megaphone, ShoppingCart, UserRound } from "lucide-react";
import type { ThreadMessage } from "@/lib/conversations/data";
import { arr, mediaFields, obj, osmUrl, safeHref, str } from "@/lib/inbox/message-format";
import { previewText } from "@/lib/messages/render";
import { LinkedText } from "./linked-text";
import { InteractiveContent, TemplateContent, type TemplateDef } from "./message-interactive";
import { AudioMedia, Caption, DocumentMedia, ImageMedia, StickerMedia, VideoMedia } from "./message-media";

// What a message says, for every WhatsApp type: inbound as Meta's webhook message object, outbound as
// the Graph send body. Unknown shapes degrade to the one-line preview instead of breaking the thread.

function Location({ body }: { body: Record<string, unknown> }) {
  const lat = Number(body.latitude);
  const lon = Number(body.longitude);
  const valid = Number.isFinite(lat) && Number.isFinite(lon);
  const name = str(body.name);
  const address = str(body.address);
  return (
    <div className="flex items-start gap-2">
      <MapPin className="mt-0.5 size-4 shrink-0 text-rose-600" aria-hidden />
      <div className="min-w-0">
        <p className="font-medium">{name ?? (valid ? "Shared location" : "Location")}</p>
        {address ? <p className="text-xs text-muted-foreground">{address}</p> : null}
        {valid ? (
          <p className="text-xs text-muted-foreground tabular-nums">
            {lat.toFixed(5)}, {lon.toFixed(5)}
          </p>
        ) : null}
        {valid ? (
          <a
            href={osmUrl(lat, lon)}
            target="_blank"
            rel="noopener noreferrer"
            className="mt-1 inline-flex items-center gap-1 text-xs font-medium text-sky-700 underline dark:text-sky-400"
          >
            Open in map <ExternalLink className="size-3" aria-hidden />
          </a>
        ) : null}
      </div>
    </div>
  );
}

function Contacts({ contacts }: { contacts: Record<string, unknown>[] }) {
  return (
    <div className="space-y-1.5">
      {contacts.map((c, i) => {
        const n = obj(c.name);
        const name =
          str(n.formatted_name) ??
          ([str(n.first_name), str(n.last_name)].filter(Boolean).join(" ") || "Contact");
        const org = str(obj(c.org).company);
        return (
          <div
            // biome-ignore lint/suspicious/noArrayIndexKey: contact cards have no id
            key={i}
            className="flex w-64 max-w-full gap-2 rounded-md bg-black/5 p-2 dark:bg-white/10"
            data-testid="contact-card"
          >
            <UserRound className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />
            <div className="min-w-0 text-sm">
              <p className="font-medium">{name}</p>
              {org ? <p className="text-xs text-muted-foreground">{org}</p> : null}
              {arr(c.phones).map((p) => (
                <p key={`${str(p.phone)}${str(p.wa_id)}`} className="text-xs tabular-nums">
                  {str(p.phone) ?? str(p.wa_id)}
                  {str(p.type) ? (
                    <span className="text-muted-foreground"> · {str(p.type)?.toLowerCase()}</span>
                  ) : null}
                  {p.wa_id ? (
                    <span className="text-emerald-700 dark:text-emerald-400"> · on WhatsApp</span>
                  ) : null}
                </p>
              ))}
              {arr(c.emails).map((e) => (
                <p key={str(e.email) ?? ""} className="truncate text-xs">
                  {str(e.email)}
                </p>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}

/** A click-to-WhatsApp ad or post the customer came from. */
export function ReferralBadge({ referral }: { referral: Record<string, unknown> }) {
  const headline = str(referral.headline) ?? str(referral.body);
  const href = safeHref(str(referral.source_url));
  const label = referral.source_type === "post" ? "From a post" : "From an ad";
  return (
    <div className="mb-1.5 rounded-md border border-amber-300/60 bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:border-amber-500/40 dark:bg-amber-950/40 dark:text-amber-200">
      <p className="flex items-center gap-1 font-medium">
        <Megaphone className="size-3.5" aria-hidden />
        {label}
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer" className="ml-auto underline">
            Open
          </a>
        ) : null}
      </p>
      {headline ? <p className="mt-0.5">{headline}</p> : null}
    </div>
  );
}

function Unsupported({ content }: { content: Record<string, unknown> }) {
  const e = arr(content.errors)[0];
  const why = str(obj(e?.error_data).details) ?? str(e?.title);
  return (
    <p className="flex items-center gap-1.5 italic text-muted-foreground">
      <Ban className="size-3.5" aria-hidden />
      This message type can't be shown here{why ? ` (${why})` : ""}. Open WhatsApp on the phone to see it.
    </p>
  );
}

function Order({ body }: { body: Record<string, unknown> }) {
  const items = arr(body.product_items);
  const total = items.reduce((s, i) => s + Number(i.item_price ?? 0) * Number(i.quantity ?? 1), 0);
  const currency = str(items[0]?.currency) ?? "";
  return (
    <div>
      <p className="font-medium">
        <ShoppingCart className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
        Order · {items.length} {items.length === 1 ? "item" : "items"}
        {total > 0 ? ` · ${total.toFixed(2)} ${currency}` : ""}
      </p>
      {str(body.text) ? <LinkedText text={str(body.text) ?? ""} /> : null}
    </div>
  );
}

export function MessageContent({ m, templates }: { m: ThreadMessage; templates?: readonly TemplateDef[] }) {
  const c = m.content;
  const body = obj(c[m.type]);
  const media = mediaFields(m.type, c);
  const referral = m.direction === "INBOUND" && c.referral ? obj(c.referral) : null;
  const forwarded = obj(c.context).forwarded === true || obj(c.context).frequently_forwarded === true;
  const mediaError = m.direction === "INBOUND" && media && arr(c.errors).length > 0;
  let inner: React.ReactNode;
  switch (m.type) {
    case "text":
      inner = <LinkedText text={str(body.body) ?? ""} />;
      break;
    case "image":
      inner = media ? (
        <>
          <ImageMedia media={media} alt={media.caption ?? "Photo"} />
          <Caption text={media.caption} />
        </>
      ) : null;
      break;
    case "video":
      inner = media ? (
        <>
          <VideoMedia media={media} />
          <Caption text={media.caption} />
        </>
      ) : null;
      break;
    case "audio":
      inner = media ? <AudioMedia media={media} /> : null;
      break;
    case "document":
      inner = media ? (
        <>
          <DocumentMedia media={media} />
          <Caption text={media.caption} />
        </>
      ) : null;
      break;
    case "sticker":
      inner = media ? <StickerMedia media={media} /> : null;
      break;
    case "location":
      inner = <Location body={body} />;
      break;
    case "contacts":
      inner = <Contacts contacts={arr(c.contacts)} />;
      break;
    case "interactive":
      inner = <InteractiveContent m={m} />;
      break;
    case "button":
      inner = (
        <p>
          <span className="text-muted-foreground">Chose: </span>
          <span className="font-medium">{str(body.text) ?? str(body.payload) ?? "a button"}</span>
        </p>
      );
      break;
    case "template":
      inner = <TemplateContent content={c} templates={templates} />;
      break;
    case "order":
      inner = <Order body={body} />;
      break;
    case "unsupported":
    case "unknown":
      inner = <Unsupported content={c} />;
      break;
    default:
      inner = <p className="whitespace-pre-wrap break-words">{previewText({ type: m.type, payload: c })}</p>;
  }
  return (
    <div data-testid="message-content" className="min-w-0">
      {forwarded ? <p className="mb-0.5 text-[11px] italic text-muted-foreground">Forwarded</p> : null}
      {referral ? <ReferralBadge referral={referral} /> : null}
      {inner}
      {mediaError ? (
        <p className="mt-1 text-xs text-destructive">
          WhatsApp reported a problem with this file: {str(arr(c.errors)[0]?.title) ?? "download failed"}
        </p>
      ) : null}
    </div>
  );
}
