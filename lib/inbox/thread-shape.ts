import type { ThreadMessage } from "@/lib/conversations/data";

// Pure shaping of a thread's messages for display: reactions folded onto their targets, day groups,
// reply quotes and the unread marker. No React here, so all of it is unit-tested.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null ? (v as Obj) : {});

export type Side = ThreadMessage["direction"];

export interface Reaction {
  emoji: string;
  /** Who reacted: the customer (INBOUND) or the business (OUTBOUND). */
  direction: Side;
  /** The reaction message itself, so a failed or pending business reaction can be shown as such. */
  status: ThreadMessage["status"];
}

export interface FoldedThread {
  /** Messages to draw, in order, without the reaction messages. */
  visible: ThreadMessage[];
  /** Reactions by the wamid of the message they react to (the target may be on an older page). */
  reactions: Map<string, Reaction[]>;
}

/** Moves reaction messages onto their targets: the latest emoji per side wins; an empty emoji removes it. */
export function foldReactions(messages: readonly ThreadMessage[]): FoldedThread {
  const latest = new Map<string, Map<Side, Reaction>>();
  const visible: ThreadMessage[] = [];
  for (const m of messages) {
    if (m.type !== "reaction") {
      visible.push(m);
      continue;
    }
    const r = obj(m.content.reaction);
    const target = typeof r.message_id === "string" ? r.message_id : null;
    // A business reaction Meta refused never reached the customer.
    if (!target || m.status === "FAILED") continue;
    const sides = latest.get(target) ?? new Map<Side, Reaction>();
    const emoji = typeof r.emoji === "string" ? r.emoji : "";
    if (emoji) sides.set(m.direction, { emoji, direction: m.direction, status: m.status });
    else sides.delete(m.direction);
    latest.set(target, sides);
  }
  const reactions = new Map<string, Reaction[]>();
  for (const [target, sides] of latest) {
    // Customer first, then business: the same order on every render.
    const list = [sides.get("INBOUND"), sides.get("OUTBOUND")].filter((r): r is Reaction => !!r);
    if (list.length > 0) reactions.set(target, list);
  }
  return { visible, reactions };
}

/** The wamid a message replies to: `context.id` inbound (webhook), `context.message_id` outbound (send body). */
export function replyTargetWamid(m: Pick<ThreadMessage, "content">): string | null {
  const c = obj(m.content.context);
  const id = c.id ?? c.message_id;
  return typeof id === "string" && id ? id : null;
}

/**
 * The message a reply quotes: `undefined` when it is not a reply, `null` when the quoted message is not
 * loaded (older than the loaded pages, or never stored).
 */
export function quotedMessage(
  m: Pick<ThreadMessage, "content">,
  byWamid: ReadonlyMap<string, ThreadMessage>,
): ThreadMessage | null | undefined {
  const target = replyTargetWamid(m);
  if (!target) return undefined;
  return byWamid.get(target) ?? null;
}

export function indexByWamid(messages: readonly ThreadMessage[]): Map<string, ThreadMessage> {
  const map = new Map<string, ThreadMessage>();
  for (const m of messages) if (m.wamid) map.set(m.wamid, m);
  return map;
}

export interface DayGroup {
  /** yyyy-mm-dd in the viewer's time zone. */
  key: string;
  label: string;
  messages: ThreadMessage[];
}

const dayKeyFormat = new Map<string, Intl.DateTimeFormat>();
/** yyyy-mm-dd of an instant in a time zone (the viewer's when not given). */
export function dayKey(at: Date, timeZone?: string): string {
  const k = timeZone ?? "";
  let f = dayKeyFormat.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayKeyFormat.set(k, f);
  }
  return f.format(at);
}

const keyToUtc = (key: string) => Date.parse(`${key}T00:00:00Z`);

/** "Today", "Yesterday", a weekday within the last week, else the date (with the year when not this year). */
export function dayLabel(key: string, now: Date, opts: { timeZone?: string; locale?: string } = {}): string {
  const today = dayKey(now, opts.timeZone);
  const diff = Math.round((keyToUtc(today) - keyToUtc(key)) / 86_400_000);
  if (diff === 0) return "Today";
  if (diff === 1) return "Yesterday";
  const day = new Date(keyToUtc(key));
  if (diff > 1 && diff < 7)
    return new Intl.DateTimeFormat(opts.locale ?? "en-US", { weekday: "long", timeZone: "UTC" }).format(day);
  return new Intl.DateTimeFormat(opts.locale ?? "en-US", {
    day: "numeric",
    month: "long",
    ...(today.slice(0, 4) === key.slice(0, 4) ? {} : { year: "numeric" }),
    timeZone: "UTC",
  }).format(day);
}

/** Consecutive messages of the same day, labelled. Expects messages oldest first. */
export function groupByDay(
  messages: readonly ThreadMessage[],
  now: Date,
  opts: { timeZone?: string; locale?: string } = {},
): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const m of messages) {
    const key = dayKey(new Date(m.sentAt), opts.timeZone);
    const last = groups.at(-1);
    if (last?.key === key) last.messages.push(m);
    else groups.push({ key, label: dayLabel(key, now, opts), messages: [m] });
  }
  return groups;
}

// The same rule as ingest (lib/messages/store.ts): these do not raise the unread count.
const NOT_UNREAD = new Set(["reaction", "system"]);

/**
 * Where the "Unread messages" marker goes: the id of the oldest of the last `unreadCount` inbound
 * messages, not crossing a business message (a reply means the operator saw what came before).
 * Null when nothing is unread.
 */
export function unreadMarkerId(messages: readonly ThreadMessage[], unreadCount: number): string | null {
  if (unreadCount <= 0) return null;
  let found: string | null = null;
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (!m) continue;
    if (m.direction === "OUTBOUND") break;
    if (NOT_UNREAD.has(m.type)) continue;
    found = m.id;
    if (++seen >= unreadCount) break;
  }
  return found;
}
