import { useCallback, useSyncExternalStore } from "react";

/**
 * A map whose readers subscribe to one key. The canvas recomputes routes and problems for the whole
 * graph, but only the edges and nodes whose value actually changed re-render.
 */
export class KeyedStore<V> {
  private values = new Map<string, V>();
  private listeners = new Map<string, Set<() => void>>();

  constructor(private readonly same: (a: V, b: V) => boolean = Object.is) {}

  get = (key: string): V | undefined => this.values.get(key);

  /** Replace all values; notifies only keys whose value changed (by `same`). */
  replace(next: Map<string, V>): void {
    const changed: string[] = [];
    for (const [key, value] of next) {
      const old = this.values.get(key);
      if (old !== undefined && this.same(old, value)) next.set(key, old);
      else changed.push(key);
    }
    for (const key of this.values.keys()) if (!next.has(key)) changed.push(key);
    this.values = next;
    for (const key of changed) for (const l of this.listeners.get(key) ?? []) l();
  }

  subscribe(key: string, listener: () => void): () => void {
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }
}

export function useKeyed<V>(store: KeyedStore<V>, key: string): V | undefined {
  const subscribe = useCallback((l: () => void) => store.subscribe(key, l), [store, key]);
  const get = useCallback(() => store.get(key), [store, key]);
  return useSyncExternalStore(subscribe, get, get);
}
