"use client";

import { useRef, useState } from "react";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/lib/utils";
import { type Completion, completionsAt } from "@/lib/workflows/env";

export type VarCatalog = { vars: string[]; env: string[] };

/**
 * A text field that completes `{{vars.x}}`, `{{context.x}}`, `{{system.x}}` and `${ENV:KEY}` as you type
 * (Arrow keys to move, Enter or Tab to insert, Escape to dismiss).
 */
export function VarInput({
  value,
  onChange,
  catalog,
  multiline,
  id,
  invalid,
  placeholder,
  disabled,
}: {
  value: string;
  onChange: (v: string) => void;
  catalog: VarCatalog;
  multiline?: boolean;
  id?: string;
  invalid?: boolean;
  placeholder?: string;
  disabled?: boolean;
}) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [active, setActive] = useState(0);

  const refresh = (text: string, caret: number) => {
    setCompletion(completionsAt(text, caret, catalog));
    setActive(0);
  };
  const accept = (i: number) => {
    const c = completion;
    const opt = c?.options[i];
    if (!c || !opt) return;
    const next = value.slice(0, c.from) + opt.insert + value.slice(c.to);
    onChange(next);
    setCompletion(null);
    const caret = c.from + opt.insert.length;
    requestAnimationFrame(() => ref.current?.setSelectionRange(caret, caret));
  };
  const Field = multiline ? Textarea : Input;
  return (
    <div className="relative">
      <Field
        ref={ref}
        id={id}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        aria-autocomplete="list"
        className={cn(multiline && "min-h-20")}
        onChange={(e) => {
          onChange(e.target.value);
          refresh(e.target.value, e.target.selectionStart ?? e.target.value.length);
        }}
        onBlur={() => setTimeout(() => setCompletion(null), 150)}
        onKeyDown={(e) => {
          if (!completion) return;
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            const n = completion.options.length;
            setActive((a) => (a + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
          } else if (e.key === "Enter" || e.key === "Tab") {
            e.preventDefault();
            accept(active);
          } else if (e.key === "Escape") {
            setCompletion(null);
          }
        }}
      />
      {completion && (
        <ul className="absolute z-20 mt-1 max-h-48 w-full overflow-auto rounded-md border bg-popover p-1 text-xs shadow-md">
          {completion.options.map((o, i) => (
            <li key={o.insert}>
              <button
                type="button"
                className={cn("w-full rounded px-2 py-1 text-left font-mono", i === active && "bg-accent")}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(i);
                }}
              >
                {o.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
