"use client";

import { LoaderCircle, Paperclip } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ATTACHMENT_ACCEPT, checkAttachment } from "@/lib/inbox/attachment-limits";
import { useInboxApi } from "./inbox-api";

const CAPTIONED = new Set(["image", "video", "document"]);

/** POSTs the form with upload progress (fetch cannot report it); resolves with the JSON answer. */
function upload(url: string, form: FormData, onProgress: (pct: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response);
      else {
        const msg = (xhr.response as { error?: string } | null)?.error;
        reject(new Error(msg ?? `The upload failed (HTTP ${xhr.status}).`));
      }
    };
    xhr.onerror = () => reject(new Error("The upload failed: check your connection and try again."));
    xhr.send(form);
  });
}

/**
 * Paperclip + hidden file input. Checks Meta's per-type limits before uploading, sends the file (with
 * `caption` for photos, videos and documents) and calls onSent once WhatsApp accepted it.
 */
export function AttachButton({
  conversationId,
  disabled,
  caption,
  replyTo,
  onSent,
}: {
  conversationId: string;
  disabled?: boolean;
  /** The composer's text, sent as the caption. */
  caption?: string;
  /** wamid of the message being replied to. */
  replyTo?: string | null;
  onSent: () => void;
}) {
  const api = useInboxApi();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const busy = progress !== null;

  const send = async (file: File) => {
    const check = checkAttachment({ mime: file.type, size: file.size, filename: file.name });
    if (!check.ok) {
      toast.error(check.message);
      return;
    }
    const text = caption?.trim() ?? "";
    if (text && !CAPTIONED.has(check.type)) {
      toast.error(
        `WhatsApp does not allow a caption on ${check.type === "audio" ? "audio" : "stickers"}. Send your text first or clear the box, then attach the file.`,
      );
      return;
    }
    const form = new FormData();
    form.set("file", file, file.name);
    if (text) form.set("caption", text);
    if (replyTo) form.set("replyTo", replyTo);
    setProgress(0);
    try {
      await upload(
        api.url(`/conversations/${encodeURIComponent(conversationId)}/attachments`),
        form,
        setProgress,
      );
      onSent();
    } catch (e) {
      toast.error((e as Error).message);
    } finally {
      setProgress(null);
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept={ATTACHMENT_ACCEPT}
        className="hidden"
        tabIndex={-1}
        aria-hidden
        data-testid="attach-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void send(file);
        }}
      />
      <Button
        type="button"
        variant="ghost"
        size="icon"
        aria-label={busy ? `Uploading, ${progress}%` : "Attach a file"}
        title={
          busy
            ? `Uploading… ${progress}%`
            : "Attach a photo, video, audio, document or sticker (photos 5 MB, video and audio 16 MB, documents 100 MB)"
        }
        disabled={disabled || busy}
        aria-busy={busy}
        onClick={() => input.current?.click()}
      >
        {busy ? (
          <span className="relative flex items-center justify-center">
            <LoaderCircle className="size-4 animate-spin" />
            <span className="sr-only">{progress}%</span>
          </span>
        ) : (
          <Paperclip className="size-4" />
        )}
      </Button>
      {busy ? (
        <span className="self-center text-xs tabular-nums text-muted-foreground" aria-live="polite">
          {progress}%
        </span>
      ) : null}
    </>
  );
}
