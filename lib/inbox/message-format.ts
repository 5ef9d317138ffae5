import { explainGraphError } from "@/lib/meta/errors";

// Pure helpers the thread's message components use: links in text, media fields, map links and
// what a delivery failure means for the operator. Client-safe.

type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj => (typeof v === "object" && v !== null ? (v as Obj) : {});
export const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
export const str = (v: unknown): string | null =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : null;

export type TextPart = { text: string } | { text: string; href: string };

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;

/** Splits text into plain parts and links (http(s) and www.), leaving trailing punctuation out of links. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let url = match[0];
    const start = match.index ?? 0;
    // "see https://x.com/a)." → the link ends before ")."; keep balanced parentheses (Wikipedia-style).
    while (/[.,;:!?)\]}'"]$/.test(url)) {
      if (url.endsWith(")") && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) break;
      url = url.slice(0, -1);
    }
    if (!url || url.toLowerCase() === "www.") continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, href: url.toLowerCase().startsWith("www.") ? `https://${url}` : url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function osmUrl(lat: number, lon: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

export const MEDIA_MESSAGE_TYPES = new Set(["image", "video", "audio", "document", "sticker"]);

export interface MediaFields {
  /** Meta media id (inbound, or uploaded by us); null when sent by link. */
  id: string | null;
  link: string | null;
  mimeType: string | null;
  caption: string | null;
  filename: string | null;
  voice: boolean;
  animated: boolean;
}

/** The media object of an image/video/audio/document/sticker message, inbound or outbound. */
export function mediaFields(type: string, content: Obj): MediaFields | null {
  if (!MEDIA_MESSAGE_TYPES.has(type)) return null;
  const m = obj(content[type]);
  return {
    id: str(m.id),
    link: str(m.link),
    mimeType: str(m.mime_type),
    caption: str(m.caption),
    filename: str(m.filename),
    voice: m.voice === true,
    animated: m.animated === true,
  };
}

/** Only http(s) links are rendered, so a javascript: or data: URL in a payload never becomes clickable. */
export function safeHref(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export interface Failure {
  code: number | null;
  /** What went wrong, in Meta's words or ours. */
  reason: string;
  /** What the operator can do about it. */
  action: string;
  /**
   * The button that can fix it: sending the same message again (a temporary problem), sending a template
   * instead (outside the window, or a template that cannot be used), or nothing (retrying cannot help).
   */
  remedy: "retry" | "template" | "none";
}

// Temporary problems: the same message may go through later.
const RETRYABLE = new Set([0, 1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131052, 131056]);
// Only a (different) template reaches the customer now.
const NEEDS_TEMPLATE = new Set([470, 131047, 131049, 130472, 132001, 132015, 132016]);

/** Which button fixes a failure with this Meta error code (null: no code, e.g. the send never left). */
export function failureRemedy(code: number | null): Failure["remedy"] {
  if (code === null || RETRYABLE.has(code)) return "retry";
  return NEEDS_TEMPLATE.has(code) ? "template" : "none";
}

// Failures that arrive later as a "failed" status, with what to do (research/meta-cloud-api.md §10).
const ACTIONS: Record<number, string> = {
  0: "The send was interrupted. Retry it.",
  131047: "Outside the 24-hour window: send a template.",
  131026:
    "The customer may not use WhatsApp, may have blocked this number or needs to update WhatsApp. Try another channel.",
  131049:
    "Meta held back this marketing message to keep engagement healthy. Try again later, or send a utility template.",
  131050: "The customer stopped marketing messages from this business. Do not send marketing templates.",
  130472: "The customer's number is part of a Meta experiment. Send a utility template or try later.",
  131051: "WhatsApp does not support this message type.",
  131052: "WhatsApp could not download the file. Send it again.",
  131053: "WhatsApp could not process the file: check its type and size, then send it again.",
  131056: "Too many messages to this customer in a short time. Wait a little and retry.",
  130429: "WhatsApp's rate limit was hit. Retry in a moment.",
  131048: "Sending is limited because of the number's quality. Wait before sending more.",
  131000: "WhatsApp had a problem. Retry it.",
  131016: "WhatsApp is temporarily unavailable. Retry shortly.",
  131021: "You cannot message the business number itself.",
  131031: "This business account is locked. Check WhatsApp Manager.",
  131042:
    "There is a payment problem on the business account. Check its payment method in Meta Business Manager.",
  131045: "This number is not registered. Register it under Numbers.",
  131009: "Meta rejected a field of the message. Check its content.",
  132000: "The template needs a different number of parameters.",
  132001: "The template does not exist in this language.",
  132015: "The template is paused. Pick another one.",
  132016: "The template is disabled. Pick another one.",
  132012: "A template parameter has the wrong format.",
  133010: "This number is not registered. Register it under Numbers.",
};

/** What a failed message's stored error means: Meta's error object (status webhook) or ours (refused send). */
export function explainFailure(error: Obj | null | undefined): Failure {
  const e = obj(error);
  const code =
    typeof e.code === "number"
      ? e.code
      : Number.isFinite(Number(e.code)) && e.code !== undefined
        ? Number(e.code)
        : null;
  const details = str(e.details) ?? str(obj(e.error_data).details);
  const reason = str(e.title) ?? str(e.message) ?? details ?? "Not delivered";
  const known = code !== null ? ACTIONS[code] : undefined;
  const remedy = failureRemedy(code);
  if (known) return { code, reason, action: known, remedy };
  if (code === null) return { code, reason, action: "Retry it, or check the number under Numbers.", remedy };
  const action = explainGraphError({
    code,
    details: details ?? undefined,
    message: reason,
    httpStatus: 400,
    errorSubcode: undefined,
    fbtraceId: undefined,
  }).action;
  return { code, reason, action, remedy };
}
