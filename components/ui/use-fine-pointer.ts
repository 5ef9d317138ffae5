"use client";

import { useSyncExternalStore } from "react";

// Keyboard hints ("Enter sends", "press ?") mean nothing on a touch screen. A device whose main pointer is
// a mouse or trackpad is the best signal the browser gives for "has a keyboard at hand".
const QUERY = "(pointer: fine)";

function subscribe(onChange: () => void): () => void {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener("change", onChange);
  return () => mq.removeEventListener("change", onChange);
}

/** True with a mouse or trackpad; false on touch screens (and during server rendering). */
export function useFinePointer(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}
