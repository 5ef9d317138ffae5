"use client";

import { useEffect } from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";

// Inbox keyboard shortcuts. List navigation lives here; thread actions are announced as window events
// that the open thread listens for, so the two components stay independent.

export const THREAD_COMMAND = "inbox:command";
export type ThreadCommand = "assign" | "toggle-status" | "reply" | "template" | "contact";

export function sendThreadCommand(command: ThreadCommand): void {
  window.dispatchEvent(new CustomEvent<ThreadCommand>(THREAD_COMMAND, { detail: command }));
}

export function useThreadCommand(handler: (c: ThreadCommand) => void): void {
  useEffect(() => {
    const listener = (e: Event) => handler((e as CustomEvent<ThreadCommand>).detail);
    window.addEventListener(THREAD_COMMAND, listener);
    return () => window.removeEventListener(THREAD_COMMAND, listener);
  }, [handler]);
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export const SHORTCUTS: { keys: string; does: string }[] = [
  { keys: "j / ↓", does: "Next conversation" },
  { keys: "k / ↑", does: "Previous conversation" },
  { keys: "/", does: "Search" },
  { keys: "r", does: "Reply (focus the message box)" },
  { keys: "t", does: "Send a template" },
  { keys: "a", does: "Assign or unassign" },
  { keys: "e", does: "Close or reopen the conversation" },
  { keys: "i", does: "Contact details" },
  { keys: "Esc", does: "Back to the list / leave a field" },
  { keys: "?", does: "This help" },
];

export function useInboxShortcuts(opts: {
  items: { id: string }[];
  selected: string | null;
  select: (id: string | null) => void;
  focusSearch: () => void;
  openHelp: () => void;
}): void {
  const { items, selected, select, focusSearch, openHelp } = opts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || typing(e.target) || e.defaultPrevented) return;
      if (document.querySelector("[role=dialog], [role=alertdialog], [role=menu], [role=listbox]")) return;
      const index = selected ? items.findIndex((c) => c.id === selected) : -1;
      const go = (i: number) => {
        const c = items[Math.max(0, Math.min(items.length - 1, i))];
        if (c) select(c.id);
      };
      const commands: Record<string, () => void> = {
        j: () => go(index + 1),
        arrowdown: () => go(index + 1),
        k: () => go(index < 0 ? 0 : index - 1),
        arrowup: () => go(index < 0 ? 0 : index - 1),
        "/": focusSearch,
        "?": openHelp,
        escape: () => select(null),
        r: () => sendThreadCommand("reply"),
        t: () => sendThreadCommand("template"),
        a: () => sendThreadCommand("assign"),
        e: () => sendThreadCommand("toggle-status"),
        i: () => sendThreadCommand("contact"),
      };
      // Named keys are looked up in lower case (ArrowDown → arrowdown); single characters as typed.
      const run = commands[e.key.length > 1 ? e.key.toLowerCase() : e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, selected, select, focusSearch, openHelp]);
}

export function ShortcutHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>They work whenever you are not typing in a field.</DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          {SHORTCUTS.map((s) => (
            <div key={s.keys} className="contents">
              <dt>
                <kbd className="rounded border bg-muted px-1.5 py-0.5 font-mono text-xs">{s.keys}</kbd>
              </dt>
              <dd className="text-muted-foreground">{s.does}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
