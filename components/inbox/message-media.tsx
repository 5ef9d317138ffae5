"use client";

import { useQuery } from "@tanstack/react-query";
import { Download, FileText, ImageOff, Mic } from "lucide-react";
import { useState } from "react";
import { Dialog, DialogContent, DialogTitle } from "@/components/ui/dialog";
import { formatBytes, mediaSizeOf } from "@/lib/inbox/attachment-limits";
import { type MediaFields, safeHref } from "@/lib/inbox/message-format";
import { useInboxApi } from "./inbox-api";

// Media bubbles: the file comes from the inbox API (`/media/{id}`, scoped like every inbox read), or
// from the link a business message was sent with.

function useMediaUrl(media: MediaFields): string | null {
  const api = useInboxApi();
  if (media.id) return api.url(`/media/${encodeURIComponent(media.id)}`);
  return safeHref(media.link);
}

function Missing({ label }: { label: string }) {
  return (
    <div className="flex items-center gap-2 rounded-md bg-black/5 px-3 py-2 text-xs text-muted-foreground dark:bg-white/10">
      <ImageOff className="size-4" aria-hidden />
      {label} is not available (it may not have been downloaded from WhatsApp).
    </div>
  );
}

export function Caption({ text }: { text: string | null }) {
  return text ? <p className="mt-1 whitespace-pre-wrap break-words">{text}</p> : null;
}

export function ImageMedia({ media, alt }: { media: MediaFields; alt: string }) {
  const url = useMediaUrl(media);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  if (!url || failed) return <Missing label="This photo" />;
  return (
    <>
      <button
        type="button"
        className="block overflow-hidden rounded-md focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
        onClick={() => setOpen(true)}
        aria-label="Open photo full size"
      >
        {/* Fixed box: the list keeps its scroll position while photos load. */}
        {/* biome-ignore lint/performance/noImgElement: authenticated API media, not an optimisable asset */}
        <img
          src={url}
          alt={alt}
          loading="lazy"
          className="h-52 w-64 max-w-full bg-black/5 object-cover"
          onError={() => setFailed(true)}
        />
      </button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="w-auto max-w-[min(96vw,1200px)] p-2 sm:max-w-[min(96vw,1200px)]">
          <DialogTitle className="sr-only">{alt}</DialogTitle>
          {/* biome-ignore lint/performance/noImgElement: authenticated API media */}
          <img src={url} alt={alt} className="max-h-[85dvh] w-auto object-contain" />
          <a
            href={url}
            download
            className="justify-self-end text-xs text-sky-700 underline dark:text-sky-400"
          >
            Download
          </a>
        </DialogContent>
      </Dialog>
    </>
  );
}

export function VideoMedia({ media }: { media: MediaFields }) {
  const url = useMediaUrl(media);
  const [failed, setFailed] = useState(false);
  if (!url || failed) return <Missing label="This video" />;
  return (
    // biome-ignore lint/a11y/useMediaCaption: customers' videos come without captions
    <video
      src={url}
      controls
      preload="metadata"
      className="h-52 w-72 max-w-full rounded-md bg-black"
      onError={() => setFailed(true)}
    />
  );
}

export function AudioMedia({ media }: { media: MediaFields }) {
  const url = useMediaUrl(media);
  const [failed, setFailed] = useState(false);
  if (!url || failed) return <Missing label="This audio" />;
  return (
    <div className="flex items-center gap-2">
      {media.voice ? (
        <Mic className="size-4 shrink-0 text-muted-foreground" aria-label="Voice message" />
      ) : null}
      {/* biome-ignore lint/a11y/useMediaCaption: voice notes come without captions */}
      <audio
        src={url}
        controls
        preload="metadata"
        className="h-10 w-64 max-w-full"
        onError={() => setFailed(true)}
      />
    </div>
  );
}

export function StickerMedia({ media }: { media: MediaFields }) {
  const url = useMediaUrl(media);
  const [failed, setFailed] = useState(false);
  if (!url || failed) return <Missing label="This sticker" />;
  return (
    // biome-ignore lint/performance/noImgElement: authenticated API media
    <img
      src={url}
      alt="Sticker"
      loading="lazy"
      className="size-32 object-contain"
      onError={() => setFailed(true)}
    />
  );
}

/** A document's size, asked of the media endpoint with HEAD (the message itself does not carry it). */
function useMediaSize(url: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ["inbox-media-size", url],
    enabled: enabled && !!url,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    queryFn: async () => {
      return mediaSizeOf(await fetch(url ?? "", { method: "HEAD" }));
    },
  });
}

function extension(name: string, mime: string | null): string {
  const ext = name.match(/\.([a-z0-9]{1,5})$/i)?.[1];
  if (ext) return ext.toUpperCase();
  if (mime === "application/pdf") return "PDF";
  return "FILE";
}

export function DocumentMedia({ media }: { media: MediaFields }) {
  const url = useMediaUrl(media);
  const size = useMediaSize(url, !!media.id);
  const name = media.filename ?? "Document";
  return (
    <div className="flex w-64 max-w-full items-center gap-3 rounded-md bg-black/5 p-2 dark:bg-white/10">
      <FileText className="size-8 shrink-0 text-muted-foreground" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium" title={name}>
          {name}
        </p>
        <p className="text-xs text-muted-foreground">
          {extension(name, media.mimeType)}
          {size.data ? ` · ${formatBytes(size.data)}` : ""}
          {media.id && size.isSuccess && size.data === null ? " · not available" : ""}
        </p>
      </div>
      {url ? (
        <a
          href={url}
          download={name}
          target="_blank"
          rel="noreferrer"
          aria-label={`Download ${name}`}
          className="rounded-md p-1.5 hover:bg-black/10 dark:hover:bg-white/10"
        >
          <Download className="size-4" />
        </a>
      ) : null}
    </div>
  );
}
