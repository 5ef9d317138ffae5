import { describe, expect, it } from "vitest";
import type { ThreadMessage } from "@/lib/conversations/data";
import {
  dayLabel,
  foldReactions,
  groupByDay,
  indexByWamid,
  quotedMessage,
  replyTargetWamid,
  unreadMarkerId,
} from "./thread-shape";

let seq = 0;
function msg(p: Partial<ThreadMessage> & { type?: string } = {}): ThreadMessage {
  seq++;
  return {
    id: `m${seq}`,
    wamid: `wamid.${seq}`,
    direction: "INBOUND",
    type: "text",
    content: { type: p.type ?? "text", text: { body: `hello ${seq}` } },
    status: "RECEIVED",
    error: null,
    origin: "CUSTOMER",
    sentAt: new Date(Date.UTC(2026, 2, 10, 12, 0, seq)).toISOString(),
    ...p,
  };
}
const react = (
  target: string,
  emoji: string | undefined,
  direction: ThreadMessage["direction"] = "INBOUND",
) =>
  msg({
    type: "reaction",
    direction,
    content: {
      type: "reaction",
      reaction: { message_id: target, ...(emoji === undefined ? {} : { emoji }) },
    },
  });

describe("foldReactions", () => {
  it("drops reactions from the list and keeps the latest emoji per side on the target", () => {
    const a = msg();
    const b = msg({ direction: "OUTBOUND", status: "READ" });
    const { visible, reactions } = foldReactions([
      a,
      react("wamid.1", "👍"),
      b,
      react(a.wamid!, "❤️"),
      react(a.wamid!, "😂", "OUTBOUND"),
      react(b.wamid!, "🙏"),
    ]);
    expect(visible.map((m) => m.id)).toEqual([a.id, b.id]);
    expect(reactions.get(a.wamid!)?.map((r) => [r.direction, r.emoji])).toEqual([
      ["INBOUND", "❤️"],
      ["OUTBOUND", "😂"],
    ]);
    expect(reactions.get(b.wamid!)?.map((r) => r.emoji)).toEqual(["🙏"]);
  });

  it("removes a reaction on an empty or missing emoji, and ignores refused business reactions", () => {
    const a = msg();
    const { reactions } = foldReactions([
      a,
      react(a.wamid!, "👍"),
      react(a.wamid!, ""),
      react(a.wamid!, "🔥", "OUTBOUND"),
      react(a.wamid!, undefined, "OUTBOUND"),
      { ...react(a.wamid!, "😮", "OUTBOUND"), status: "FAILED" },
    ]);
    expect(reactions.has(a.wamid!)).toBe(false);
  });

  it("keeps reactions to messages not loaded yet, keyed by wamid", () => {
    const { visible, reactions } = foldReactions([react("wamid.older", "👍")]);
    expect(visible).toEqual([]);
    expect(reactions.get("wamid.older")?.[0]?.emoji).toBe("👍");
  });
});

describe("reply quotes", () => {
  it("finds the quoted message by context.id inbound and context.message_id outbound", () => {
    const original = msg({ direction: "OUTBOUND" });
    const inboundReply = msg({
      content: { type: "text", text: { body: "yes" }, context: { id: original.wamid } },
    });
    const outboundReply = msg({
      direction: "OUTBOUND",
      content: { type: "text", text: { body: "ok" }, context: { message_id: inboundReply.wamid } },
    });
    const idx = indexByWamid([original, inboundReply, outboundReply]);
    expect(quotedMessage(inboundReply, idx)).toBe(original);
    expect(quotedMessage(outboundReply, idx)).toBe(inboundReply);
    expect(quotedMessage(original, idx)).toBeUndefined();
    expect(quotedMessage(msg({ content: { context: { id: "wamid.gone" } } }), idx)).toBeNull();
    expect(replyTargetWamid(msg({ content: { context: {} } }))).toBeNull();
  });
});

describe("day groups", () => {
  const now = new Date("2026-03-10T15:00:00Z");
  const at = (iso: string) => msg({ sentAt: iso });

  it("labels today, yesterday, weekdays of the last week and older dates", () => {
    const opts = { timeZone: "UTC", locale: "en-US" };
    expect(dayLabel("2026-03-10", now, opts)).toBe("Today");
    expect(dayLabel("2026-03-09", now, opts)).toBe("Yesterday");
    expect(dayLabel("2026-03-05", now, opts)).toBe("Thursday");
    expect(dayLabel("2026-03-03", now, opts)).toBe("March 3");
    expect(dayLabel("2025-12-24", now, opts)).toBe("December 24, 2025");
  });

  it("groups consecutive messages by the viewer's day", () => {
    const list = [
      at("2026-03-08T23:30:00Z"),
      at("2026-03-09T00:30:00Z"),
      at("2026-03-09T22:00:00Z"),
      at("2026-03-10T08:00:00Z"),
    ];
    const utc = groupByDay(list, now, { timeZone: "UTC" });
    expect(utc.map((g) => [g.label, g.messages.length])).toEqual([
      ["Sunday", 1],
      ["Yesterday", 2],
      ["Today", 1],
    ]);
    // In New York the first two fall on the 8th and the third on the 9th.
    const ny = groupByDay(list, now, { timeZone: "America/New_York" });
    expect(ny.map((g) => [g.key, g.messages.length])).toEqual([
      ["2026-03-08", 2],
      ["2026-03-09", 1],
      ["2026-03-10", 1],
    ]);
  });
});

describe("unreadMarkerId", () => {
  it("points at the oldest of the unread inbound messages after the last business message", () => {
    const a = msg();
    const out = msg({ direction: "OUTBOUND" });
    const b = msg();
    const r = react(b.wamid!, "👍");
    const c = msg();
    const list = [a, out, b, r, c];
    expect(unreadMarkerId(list, 0)).toBeNull();
    expect(unreadMarkerId(list, 1)).toBe(c.id);
    expect(unreadMarkerId(list, 2)).toBe(b.id);
    // More unread than inbound messages since the reply: stop at the reply.
    expect(unreadMarkerId(list, 5)).toBe(b.id);
    expect(unreadMarkerId([a], 3)).toBe(a.id);
    expect(unreadMarkerId([a, out], 1)).toBeNull();
  });
});
