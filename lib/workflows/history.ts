/**
 * Undo/redo as whole-definition snapshots (Typebot's and Langflow's approach). Definitions are
 * immutable with structural sharing, so a snapshot of a 1,000-node graph is one array of references.
 * View state (selection, viewport) is not part of a snapshot, so undo never just moves the camera.
 */

export type History<T> = {
  past: T[];
  future: T[];
  /** Key and time of the last record, so a burst of edits to one field is one undo step. */
  lastKey?: string;
  lastAt?: number;
};

export const HISTORY_LIMIT = 100;
export const COALESCE_MS = 1000;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] };
}

/**
 * Record `before` (the state just replaced) as an undo step. With a `key` (e.g. "config:node_1:message"),
 * edits with the same key within COALESCE_MS of each other fold into the first one's step.
 */
export function record<T>(h: History<T>, before: T, opts: { key?: string; now?: number } = {}): History<T> {
  const now = opts.now ?? Date.now();
  if (opts.key && h.lastKey === opts.key && h.lastAt !== undefined && now - h.lastAt < COALESCE_MS) {
    return { ...h, future: [], lastAt: now };
  }
  const past =
    h.past.length >= HISTORY_LIMIT ? h.past.slice(h.past.length - HISTORY_LIMIT + 1) : h.past.slice();
  past.push(before);
  return { past, future: [], lastKey: opts.key, lastAt: now };
}

export function undo<T>(h: History<T>, present: T): { history: History<T>; state: T } | null {
  const state = h.past.at(-1);
  if (state === undefined) return null;
  return { history: { past: h.past.slice(0, -1), future: [present, ...h.future] }, state };
}

export function redo<T>(h: History<T>, present: T): { history: History<T>; state: T } | null {
  const state = h.future[0];
  if (state === undefined) return null;
  return { history: { past: [...h.past, present], future: h.future.slice(1) }, state };
}
