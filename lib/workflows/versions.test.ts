import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "./definition";
import { promotionDiff } from "./promotion";
import {
  BURST_GAP_MS,
  BURST_SPAN_MS,
  coalescesInto,
  compactChanges,
  describeChanges,
  type LatestVersion,
} from "./versions";

const t0 = new Date("2026-01-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const latest = (over: Partial<LatestVersion> = {}): LatestVersion => ({
  note: null,
  createdById: "u1",
  createdAt: t0,
  updatedAt: t0,
  publishedAt: null,
  ...over,
});

describe("coalescesInto", () => {
  it("folds saves of one burst by the same person into the newest version", () => {
    expect(coalescesInto(latest(), "u1", at(1_000))).toBe(true);
    expect(coalescesInto(latest({ updatedAt: at(4 * 60_000) }), "u1", at(4 * 60_000 + 30_000))).toBe(true);
  });

  it("starts a new version after a pause, after the span, for someone else or for API saves", () => {
    expect(coalescesInto(latest(), "u1", at(BURST_GAP_MS + 1))).toBe(false);
    expect(coalescesInto(latest({ updatedAt: at(BURST_SPAN_MS) }), "u1", at(BURST_SPAN_MS + 1))).toBe(false);
    expect(coalescesInto(latest(), "u2", at(1_000))).toBe(false);
    expect(coalescesInto(latest(), null, at(1_000))).toBe(false);
    expect(coalescesInto(null, "u1", at(1_000))).toBe(false);
  });

  it("never touches a published version or one with a note (restore, promotion, creation)", () => {
    expect(coalescesInto(latest({ publishedAt: t0 }), "u1", at(1_000))).toBe(false);
    expect(coalescesInto(latest({ note: "Restored from version 3" }), "u1", at(1_000))).toBe(false);
  });

  it("makes one version of a three-minute session that saves every ten seconds", () => {
    let row = latest();
    let versions = 1;
    for (let s = 10; s <= 180; s += 10) {
      const now = at(s * 1000);
      if (coalescesInto(row, "u1", now)) row = { ...row, updatedAt: now };
      else {
        versions++;
        row = latest({ createdAt: now, updatedAt: now });
      }
    }
    expect(versions).toBe(1);
  });
});

const node = (id: string, node_type: "send_text" | "handoff", message = "") => ({
  id,
  type: "flow-node" as const,
  position: { x: 0, y: 0 },
  data: { node_type, config: node_type === "send_text" ? { message } : {} },
});

describe("describeChanges", () => {
  it("says what changed, with step names", () => {
    const before: WorkflowDefinition = { nodes: [node("a", "send_text", "hi")], edges: [] };
    const after: WorkflowDefinition = {
      nodes: [node("a", "send_text", "hello"), node("b", "handoff")],
      edges: [{ id: "e", source: "a", target: "b", label: "next" }],
    };
    expect(describeChanges(compactChanges(promotionDiff(after, before)))).toBe(
      "Added Handoff, edited Send text, 1 connection added",
    );
    expect(describeChanges(compactChanges(promotionDiff(before, before)))).toBe("No changes");
    expect(describeChanges(null)).toBe("");
    const many: WorkflowDefinition = {
      nodes: Array.from({ length: 200 }, (_, i) => node(`n${i}`, "handoff")),
      edges: [],
    };
    const c = compactChanges(promotionDiff(many, { nodes: [], edges: [] }));
    expect(c.names.added).toHaveLength(3);
    expect(describeChanges(c)).toBe("Added Handoff, Handoff and 198 more");
  });
});
