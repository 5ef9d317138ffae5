"use client";

import { Fragment } from "react";
import { linkify } from "@/lib/inbox/message-format";

/** Message text with newlines kept and http(s)/www links clickable (opened in a new tab, no referrer). */
export function LinkedText({ text, className }: { text: string; className?: string }) {
  return (
    <p className={className ?? "whitespace-pre-wrap break-words"}>
      {linkify(text).map((p, i) =>
        "href" in p ? (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable string
            key={i}
            href={p.href}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="text-sky-700 underline underline-offset-2 break-all dark:text-sky-400"
          >
            {p.text}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable string
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </p>
  );
}
