import { NODE_LABELS } from "./definition";
import type { NodeRef, PromotionDiff } from "./promotion";
import type { NodeType } from "./steps/registry";

/**
 * Autosave runs about once a second while someone edits; a version per save buried the history (16 in
 * three minutes). Saves of one editing burst therefore update the newest version in place: same author,
 * at most BURST_GAP_MS since that version was last saved and at most BURST_SPAN_MS since it began. A
 * version that was published, or that carries a note (restore, promotion, creation), is never touched.
 */
export const BURST_GAP_MS = 60_000;
export const BURST_SPAN_MS = 5 * 60_000;

export type LatestVersion = {
  note: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
};

export function coalescesInto(
  latest: LatestVersion | null,
  authorId: string | null | undefined,
  now: Date,
): boolean {
  if (!latest || !authorId) return false; // API saves have no editing burst: one version each
  if (latest.publishedAt || latest.note !== null || latest.createdById !== authorId) return false;
  const t = now.getTime();
  return t - latest.updatedAt.getTime() <= BURST_GAP_MS && t - latest.createdAt.getTime() <= BURST_SPAN_MS;
}

/** A version's changes as stored: counts, and the names of the first few steps (a paste of 200 steps
 * must not store 200 names in every history row). */
export type VersionChanges = {
  added: number;
  removed: number;
  edited: number;
  moved: number;
  connectionsAdded: number;
  connectionsRemoved: number;
  names: { added: string[]; removed: string[]; edited: string[] };
};

const NAMES_KEPT = 3;
const name = (n: NodeRef) => n.displayName || NODE_LABELS[n.nodeType as NodeType] || n.id;
const names = (refs: NodeRef[]) => refs.slice(0, NAMES_KEPT).map(name);

export function compactChanges(diff: PromotionDiff): VersionChanges {
  return {
    added: diff.nodes.added.length,
    removed: diff.nodes.removed.length,
    edited: diff.nodes.changed.length,
    moved: diff.nodes.moved,
    connectionsAdded: diff.edges.added.length,
    connectionsRemoved: diff.edges.removed.length,
    names: {
      added: names(diff.nodes.added),
      removed: names(diff.nodes.removed),
      edited: names(diff.nodes.changed),
    },
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function named(count: number, shown: string[], verb: string): string {
  const listed = shown.slice(0, 2);
  const more = count > listed.length ? ` and ${count - listed.length} more` : "";
  return `${verb} ${listed.join(", ")}${more}`;
}

/** One line for the version history: what a version changed against the one before it. */
export function describeChanges(c: VersionChanges | null): string {
  if (!c) return "";
  const parts: string[] = [];
  if (c.added) parts.push(named(c.added, c.names.added, "added"));
  if (c.removed) parts.push(named(c.removed, c.names.removed, "removed"));
  if (c.edited) parts.push(named(c.edited, c.names.edited, "edited"));
  if (c.connectionsAdded) parts.push(`${plural(c.connectionsAdded, "connection")} added`);
  if (c.connectionsRemoved) parts.push(`${plural(c.connectionsRemoved, "connection")} removed`);
  if (c.moved) parts.push(`${plural(c.moved, "step")} moved`);
  if (parts.length === 0) return "No changes";
  const line = parts.join(", ");
  return line.charAt(0).toUpperCase() + line.slice(1);
}
