"use client";

import { Plus, Trash2 } from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { type VarCatalog, VarInput } from "./var-input";

/** Small form building blocks for the inspector. Errors come from the node's zod schema, by field. */

export type FieldProps = {
  config: Record<string, unknown>;
  set: (field: string, value: unknown) => void;
  patch: (values: Record<string, unknown>) => void;
  errors: Record<string, string>;
  catalog: VarCatalog;
  disabled: boolean;
};

export function Field({
  label,
  id,
  error,
  children,
  hint,
}: {
  label: string;
  id: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id} className="text-xs">
        {label}
      </Label>
      {children}
      {error ? (
        <p className="text-xs text-destructive" data-testid={`error-${id}`}>
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-muted-foreground">{hint}</p>
      ) : null}
    </div>
  );
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export function TextField({
  f,
  name,
  label,
  multiline,
  vars = true,
  hint,
}: {
  f: FieldProps;
  name: string;
  label: string;
  multiline?: boolean;
  vars?: boolean;
  hint?: string;
}) {
  const id = `field-${name}`;
  return (
    <Field label={label} id={id} error={f.errors[name]} hint={hint}>
      {vars ? (
        <VarInput
          id={id}
          value={str(f.config[name])}
          onChange={(v) => f.set(name, v)}
          catalog={f.catalog}
          multiline={multiline}
          invalid={!!f.errors[name]}
          disabled={f.disabled}
        />
      ) : (
        <Input
          id={id}
          value={str(f.config[name])}
          onChange={(e) => f.set(name, e.target.value)}
          aria-invalid={!!f.errors[name] || undefined}
          disabled={f.disabled}
        />
      )}
    </Field>
  );
}

export function NumberField({
  f,
  name,
  label,
  hint,
}: {
  f: FieldProps;
  name: string;
  label: string;
  hint?: string;
}) {
  const id = `field-${name}`;
  const v = f.config[name];
  return (
    <Field label={label} id={id} error={f.errors[name]} hint={hint}>
      <Input
        id={id}
        type="number"
        value={typeof v === "number" ? v : ""}
        disabled={f.disabled}
        aria-invalid={!!f.errors[name] || undefined}
        onChange={(e) => f.set(name, e.target.value === "" ? undefined : Number(e.target.value))}
      />
    </Field>
  );
}

export type SelectOption = string | { value: string; label: string };

/** A select over config values; options with a label show words, not Meta's or Kapso's ids. */
export function SelectField({
  f,
  name,
  label,
  options,
}: {
  f: FieldProps;
  name: string;
  label: string;
  options: readonly SelectOption[];
}) {
  const id = `field-${name}`;
  const opts = options.map((o) => (typeof o === "string" ? { value: o, label: o } : o));
  return (
    <Field label={label} id={id} error={f.errors[name]}>
      <select
        id={id}
        value={str(f.config[name]) || opts[0]?.value}
        disabled={f.disabled}
        onChange={(e) => f.set(name, e.target.value)}
        className="h-9 rounded-md border border-input bg-background px-2 text-sm"
      >
        {opts.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckField({ f, name, label }: { f: FieldProps; name: string; label: string }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        checked={!!f.config[name]}
        disabled={f.disabled}
        onChange={(e) => f.set(name, e.target.checked)}
        className="size-4 accent-[var(--primary)]"
      />
      {label}
    </label>
  );
}

type Item = Record<string, unknown>;

/**
 * Editor for an ordered list of outputs (buttons, conditions, rows). Each item keeps a stable id, which
 * is its output handle id, so renaming an item keeps its edge.
 */
export function ListField({
  f,
  name,
  label,
  itemLabel,
  prefix,
  max,
  textKey,
  extraKey,
  extraLabel = "Description (optional)",
}: {
  f: FieldProps;
  name: string;
  label: string;
  itemLabel: string;
  prefix: string;
  max?: number;
  textKey: string;
  extraKey?: string;
  extraLabel?: string;
}) {
  const items = Array.isArray(f.config[name]) ? (f.config[name] as Item[]) : [];
  const update = (next: Item[]) => f.set(name, next);
  const nextId = () => {
    let i = items.length + 1;
    while (items.some((x) => x.id === `${prefix}_${i}`)) i++;
    return `${prefix}_${i}`;
  };
  return (
    <Field label={label} id={`field-${name}`} error={f.errors[name]}>
      <div className="flex flex-col gap-2">
        {items.map((item, i) => (
          <div key={String(item.id ?? i)} className="flex items-start gap-1.5">
            <div className="flex flex-1 flex-col gap-1">
              <Input
                aria-label={`${itemLabel} ${i + 1}`}
                value={str(item[textKey])}
                disabled={f.disabled}
                onChange={(e) =>
                  update(items.map((x, j) => (j === i ? { ...x, [textKey]: e.target.value } : x)))
                }
              />
              {extraKey && (
                <Input
                  aria-label={`${itemLabel} ${i + 1} ${extraLabel}`}
                  placeholder={extraLabel}
                  value={str(item[extraKey])}
                  disabled={f.disabled}
                  onChange={(e) =>
                    update(items.map((x, j) => (j === i ? { ...x, [extraKey]: e.target.value } : x)))
                  }
                  className="text-xs"
                />
              )}
            </div>
            <Button
              type="button"
              variant="ghost"
              size="icon"
              aria-label={`Remove ${itemLabel} ${i + 1}`}
              disabled={f.disabled}
              onClick={() => update(items.filter((_, j) => j !== i))}
            >
              <Trash2 />
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="outline"
          size="sm"
          disabled={f.disabled || (max !== undefined && items.length >= max)}
          onClick={() => update([...items, { id: nextId(), [textKey]: "" }])}
        >
          <Plus /> Add {itemLabel}
        </Button>
      </div>
    </Field>
  );
}

/** Source code (a function's JavaScript): a monospace text area that keeps tabs and spacing as typed. */
export function CodeField({
  f,
  name,
  label,
  hint,
  placeholder,
}: {
  f: FieldProps;
  name: string;
  label: string;
  hint?: string;
  placeholder?: string;
}) {
  const id = `field-${name}`;
  return (
    <Field label={label} id={id} error={f.errors[name]} hint={hint}>
      <Textarea
        id={id}
        value={str(f.config[name])}
        onChange={(e) => f.set(name, e.target.value)}
        onKeyDown={(e) => {
          // Tab indents inside the code instead of leaving the field.
          if (e.key !== "Tab" || e.shiftKey) return;
          e.preventDefault();
          const el = e.currentTarget;
          const { selectionStart: a, selectionEnd: b, value } = el;
          f.set(name, `${value.slice(0, a)}  ${value.slice(b)}`);
          requestAnimationFrame(() => el.setSelectionRange(a + 2, a + 2));
        }}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        placeholder={placeholder}
        className="min-h-40 font-mono text-xs leading-relaxed md:text-xs"
        aria-invalid={!!f.errors[name] || undefined}
        disabled={f.disabled}
      />
    </Field>
  );
}

/** An object edited as JSON text: set when it parses to an object, otherwise the text stays with its error. */
export function JsonField({
  f,
  name,
  label,
  hint,
}: {
  f: FieldProps;
  name: string;
  label: string;
  hint?: string;
}) {
  const id = `field-${name}`;
  const stored = f.config[name];
  const [text, setText] = useState(() => JSON.stringify(stored ?? {}, null, 2));
  const [bad, setBad] = useState<string | null>(null);
  // Another change to the config (undo, paste): show it, unless it is what the text already says.
  useEffect(() => {
    setText((t) => {
      try {
        if (JSON.stringify(JSON.parse(t)) === JSON.stringify(stored ?? {})) return t;
      } catch {}
      return JSON.stringify(stored ?? {}, null, 2);
    });
  }, [stored]);
  return (
    <Field label={label} id={id} error={bad ?? f.errors[name]} hint={hint}>
      <Textarea
        id={id}
        value={text}
        spellCheck={false}
        className="min-h-24 font-mono text-xs md:text-xs"
        aria-invalid={!!(bad ?? f.errors[name]) || undefined}
        disabled={f.disabled}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const v = JSON.parse(e.target.value || "{}");
            if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error();
            setBad(null);
            f.set(name, v);
          } catch {
            setBad(`${label} must be a JSON object`);
          }
        }}
      />
    </Field>
  );
}
