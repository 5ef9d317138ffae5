"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { type ButtonType, type EditorButton, emptyButton } from "@/lib/templates/editor-state";
import { LIMITS } from "@/lib/templates/rules";
import { type EditorKit, Field, Messages, Section } from "./kit";

export const BUTTON_LABELS: Record<ButtonType, string> = {
  QUICK_REPLY: "Quick reply",
  URL: "Visit website",
  PHONE_NUMBER: "Call phone number",
  COPY_CODE: "Copy offer code",
  FLOW: "Open flow",
  OTP: "One-time password",
};

/**
 * One button's fields. `field` names it for the rule module's messages (`button-2`, `card-0-button-1`);
 * `name` is what the group is called to assistive technology.
 */
export function ButtonFields({
  k,
  field,
  name,
  number,
  button: b,
  onChange,
  onRemove,
}: {
  k: EditorKit;
  field: string;
  name: string;
  number: number;
  button: EditorButton;
  onChange(patch: Partial<EditorButton>): void;
  onRemove(): void;
}) {
  const id = (part: string) => k.fid(`${field}-${part}`);
  return (
    <fieldset className="min-w-0 space-y-3 rounded-md border p-3" aria-label={name}>
      <div className="flex items-center justify-between gap-2">
        <legend className="text-sm font-medium">
          {number}. {BUTTON_LABELS[b.type]}
        </legend>
        <Button
          type="button"
          variant="ghost"
          size="icon"
          aria-label={`Remove ${name.toLowerCase()}`}
          onClick={onRemove}
        >
          <Trash2 className="size-4" />
        </Button>
      </div>
      {b.type !== "COPY_CODE" ? (
        <Field id={id("text")} label="Button text" counter={[b.text.length, LIMITS.buttonText]}>
          <Input id={id("text")} value={b.text} onChange={(e) => onChange({ text: e.target.value })} />
        </Field>
      ) : null}
      {b.type === "URL" ? (
        <>
          <Field id={id("url")} label="URL (a variable {{1}} may end it)">
            <Input
              id={id("url")}
              value={b.url}
              placeholder="https://"
              onChange={(e) => onChange({ url: e.target.value })}
            />
          </Field>
          {/\{\{[^{}]*\}\}/.test(b.url) ? (
            <Field id={id("example")} label="Example of the full URL">
              <Input
                id={id("example")}
                value={b.urlExample}
                onChange={(e) => onChange({ urlExample: e.target.value })}
              />
            </Field>
          ) : null}
        </>
      ) : null}
      {b.type === "PHONE_NUMBER" ? (
        <Field id={id("phone")} label="Phone number with country code">
          <Input
            id={id("phone")}
            value={b.phone}
            placeholder="+15551234567"
            onChange={(e) => onChange({ phone: e.target.value })}
          />
        </Field>
      ) : null}
      {b.type === "COPY_CODE" ? (
        <Field id={id("code")} label="Example code" counter={[b.code.length, LIMITS.copyCode]}>
          <Input id={id("code")} value={b.code} onChange={(e) => onChange({ code: e.target.value })} />
        </Field>
      ) : null}
      {b.type === "FLOW" ? (
        <Field id={id("flow")} label="Flow ID">
          <Input id={id("flow")} value={b.flowId} onChange={(e) => onChange({ flowId: e.target.value })} />
        </Field>
      ) : null}
      <Messages id={`${k.fid(field)}-problems`} problems={k.problems(field)} />
    </fieldset>
  );
}

/** Buttons to add, one per kind the list may take. */
export function AddButtons({
  types,
  onAdd,
  disabled,
  labelFor = (t) => BUTTON_LABELS[t],
}: {
  types: readonly ButtonType[];
  onAdd(type: ButtonType): void;
  disabled?: boolean;
  labelFor?: (t: ButtonType) => string;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      {types.map((type) => (
        <Button
          key={type}
          type="button"
          variant="outline"
          size="sm"
          disabled={disabled}
          onClick={() => onAdd(type)}
        >
          <Plus className="size-4" /> {labelFor(type)}
        </Button>
      ))}
    </div>
  );
}

/** The template's buttons (up to 10; Meta's kind and count rules are shown as messages). */
export function ButtonsSection({ k }: { k: EditorKit }) {
  const { s, update, fid, problems } = k;
  const set = (i: number, patch: Partial<EditorButton>) =>
    update({ buttons: s.buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  return (
    <Section title="Buttons">
      <Messages id={`${fid("buttons")}-problems`} problems={problems("buttons")} />
      {s.buttons.map((b, i) => (
        <ButtonFields
          key={b.key}
          k={k}
          field={`button-${i}`}
          name={`Button ${i + 1}`}
          number={i + 1}
          button={b}
          onChange={(patch) => set(i, patch)}
          onRemove={() => update({ buttons: s.buttons.filter((_, j) => j !== i) })}
        />
      ))}
      <AddButtons
        types={["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "FLOW"]}
        onAdd={(type) => update({ buttons: [...s.buttons, emptyButton(type)] })}
      />
    </Section>
  );
}
