"use client";

import { Plus } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { LIMITS } from "@/lib/templates/rules";
import type { ParameterFormat } from "@/lib/templates/variables";
import { distinctKeys } from "@/lib/templates/variables";
import { type EditorKit, Field, Section } from "./kit";

/** The next variable to insert: {{n+1}} (positional) or {{variable_n+1}} (named). */
export function nextVariable(text: string, format: ParameterFormat): string {
  const keys = distinctKeys(text);
  return format === "NAMED"
    ? `{{variable_${keys.length + 1}}}`
    : `{{${keys.filter((x) => /^\d+$/.test(x)).length + 1}}}`;
}

/** Inserts `token` at the textarea's caret (or the end) and puts the focus back. */
export function insertAtCaret(el: HTMLTextAreaElement | null, text: string, token: string): string {
  const at = el?.selectionStart ?? text.length;
  requestAnimationFrame(() => el?.focus());
  return text.slice(0, at) + token + text.slice(at);
}

/** The example a variable needs, asked for where the variable is. */
export function ExampleField({
  k,
  field,
  varKey,
  value,
  onChange,
}: {
  k: EditorKit;
  field: string;
  varKey: string;
  value: string;
  onChange(v: string): void;
}) {
  return (
    <Field id={k.fid(field)} label={`Example for {{${varKey}}}`} problems={k.problems(field)}>
      <Input
        {...k.input(field)}
        value={value}
        placeholder="What a customer might see here"
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** The body (1,024 characters; in a carousel, the message above the cards) and its examples. */
export function BodySection({ k }: { k: EditorKit }) {
  const { s, update, input, fid, problems } = k;
  const ref = useRef<HTMLTextAreaElement>(null);
  const keys = distinctKeys(s.body);
  return (
    <Section title="Body">
      <Field
        id={fid("body")}
        label="Body text"
        counter={[s.body.length, LIMITS.body]}
        problems={problems("body")}
        hint={s.carousel.enabled ? "Shown above the cards." : undefined}
      >
        <Textarea
          {...input("body")}
          ref={ref}
          rows={s.carousel.enabled ? 3 : 6}
          value={s.body}
          onChange={(e) => update({ body: e.target.value })}
        />
      </Field>
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={() =>
          update({ body: insertAtCaret(ref.current, s.body, nextVariable(s.body, s.parameterFormat)) })
        }
      >
        <Plus className="size-4" /> Add variable
      </Button>
      {keys.length > 0 ? (
        <div className="grid gap-3 sm:grid-cols-2">
          {keys.map((key) => (
            <ExampleField
              key={key}
              k={k}
              field={`example:body:${key}`}
              varKey={key}
              value={s.examples[`body:${key}`] ?? ""}
              onChange={(v) => update({ examples: { ...s.examples, [`body:${key}`]: v } })}
            />
          ))}
        </div>
      ) : null}
    </Section>
  );
}
