"use client";

import { useEffect, useRef } from "react";

export type MenuState = { x: number; y: number; flow: { x: number; y: number } };

export function ContextMenu(props: {
  state: MenuState;
  hasSelection: boolean;
  readOnly: boolean;
  onClose: () => void;
  onCopy: () => void;
  onCut: () => void;
  onPaste: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent && e.key !== "Escape") return;
      if (e instanceof PointerEvent && ref.current?.contains(e.target as Node)) return;
      onClose();
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", close);
    };
  }, [onClose]);

  const mod = typeof navigator !== "undefined" && /Mac/.test(navigator.platform) ? "⌘" : "Ctrl+";
  const items: [string, string, () => void, boolean][] = [
    ["Copy", `${mod}C`, props.onCopy, props.hasSelection],
    ["Cut", `${mod}X`, props.onCut, props.hasSelection && !props.readOnly],
    ["Paste here", `${mod}V`, props.onPaste, !props.readOnly],
    ["Duplicate", `${mod}D`, props.onDuplicate, props.hasSelection && !props.readOnly],
    ["Delete", "Del", props.onDelete, props.hasSelection && !props.readOnly],
  ];
  return (
    <div
      ref={ref}
      role="menu"
      className="fixed z-50 min-w-44 rounded-md border bg-popover p-1 text-sm text-popover-foreground shadow-md"
      style={{ left: props.state.x, top: props.state.y }}
    >
      {items.map(([label, keys, run, enabled]) => (
        <button
          key={label}
          type="button"
          role="menuitem"
          disabled={!enabled}
          className="flex w-full items-center justify-between gap-6 rounded-sm px-2 py-1.5 text-left hover:bg-accent disabled:pointer-events-none disabled:opacity-40"
          onClick={() => {
            run();
            props.onClose();
          }}
        >
          {label}
          <span className="text-xs text-muted-foreground">{keys}</span>
        </button>
      ))}
    </div>
  );
}
