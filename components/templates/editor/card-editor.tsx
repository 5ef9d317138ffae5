"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { type EditorButton, type EditorCard, emptyButton } from "@/lib/templates/editor-state";
import { LIMITS } from "@/lib/templates/rules";
import { distinctKeys } from "@/lib/templates/variables";
import { ExampleField, insertAtCaret, nextVariable } from "./body-section";
import { AddButtons, ButtonFields } from "./buttons-section";
import { type EditorKit, Field, Messages } from "./kit";
import { SampleInput } from "./sample-input";

/** Marks one of a card's controls by the card (not its place), so focus can follow a move. */
export const focusKey = (card: EditorCard, control: "up" | "down" | "body") => `${card.key}:${control}`;

/** One carousel card: its media sample, its short body with examples, and its 1-2 buttons. */
export function CardEditor({
  k,
  card,
  index,
  count,
  onChange,
  onMove,
  onRemove,
  onSample,
}: {
  k: EditorKit;
  card: EditorCard;
  index: number;
  count: number;
  onChange(patch: Partial<EditorCard>): void;
  onMove(to: number): void;
  onRemove(): void;
  onSample(file: File): void;
}) {
  const at = `card-${index}`;
  const name = `Card ${index + 1}`;
  const ref = useRef<HTMLTextAreaElement>(null);
  const keys = distinctKeys(card.body);
  const setButton = (j: number, patch: Partial<EditorButton>) =>
    onChange({ buttons: card.buttons.map((b, i) => (i === j ? { ...b, ...patch } : b)) });
  const unplaced = [...(k.problems(at) ?? []), ...(k.problems(`${at}-header`) ?? [])];
  return (
    <fieldset
      aria-label={name}
      data-testid="carousel-card"
      className="min-w-0 space-y-3 rounded-md border bg-muted/30 p-3"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <legend className="text-sm font-medium">{name}</legend>
        <div className="flex gap-1">
          <Button
            data-focus-key={focusKey(card, "up")}
            type="button"
            variant="ghost"
            size="icon"
            aria-label={`Move card ${index + 1} up`}
            disabled={index === 0}
            onClick={() => onMove(index - 1)}
          >
            <ArrowUp className="size-4" />
          </Button>
          <Button
            data-focus-key={focusKey(card, "down")}
            type="button"
            variant="ghost"
            size="icon"
            aria-label={`Move card ${index + 1} down`}
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
          >
            <ArrowDown className="size-4" />
          </Button>
          <Button
            type="button"
            variant="ghost"
            size="icon"
            className="text-destructive hover:bg-destructive/10 hover:text-destructive"
            aria-label={`Remove card ${index + 1}`}
            onClick={onRemove}
          >
            <Trash2 className="size-4" />
          </Button>
        </div>
      </div>
      <Messages id={`${k.fid(at)}-problems`} problems={unplaced} />
      <SampleInput
        k={k}
        field={`${at}-sample`}
        target={`card:${card.key}`}
        format={card.headerFormat}
        fileName={card.headerFileName}
        label={`${card.headerFormat === "VIDEO" ? "Video" : "Image"} sample`}
        onUploaded={(handle, file) => {
          onChange({ headerHandle: handle, headerFileName: file.name });
          onSample(file);
        }}
      />
      <Field
        id={k.fid(`${at}-body`)}
        label="Card text"
        counter={[card.body.length, LIMITS.cardBody]}
        problems={k.problems(`${at}-body`)}
      >
        <Textarea
          {...k.input(`${at}-body`)}
          data-focus-key={focusKey(card, "body")}
          ref={ref}
          rows={3}
          value={card.body}
          onChange={(e) => onChange({ body: e.target.value })}
        />
      </Field>
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={() =>
          onChange({
            body: insertAtCaret(ref.current, card.body, nextVariable(card.body, k.s.parameterFormat)),
          })
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
              field={`${at}-example:${key}`}
              varKey={key}
              value={card.examples[key] ?? ""}
              onChange={(v) => onChange({ examples: { ...card.examples, [key]: v } })}
            />
          ))}
        </div>
      ) : null}
      <Messages id={`${k.fid(`${at}-buttons`)}-problems`} problems={k.problems(`${at}-buttons`)} />
      {card.buttons.map((b, j) => (
        <ButtonFields
          key={b.key}
          k={k}
          field={`${at}-button-${j}`}
          name={`Card ${index + 1} button ${j + 1}`}
          number={j + 1}
          button={b}
          onChange={(patch) => setButton(j, patch)}
          onRemove={() => onChange({ buttons: card.buttons.filter((_, i) => i !== j) })}
        />
      ))}
      {card.buttons.length < LIMITS.cardButtons ? (
        <AddButtons
          types={["QUICK_REPLY", "URL", "PHONE_NUMBER"]}
          labelFor={(t) =>
            ({ QUICK_REPLY: "Quick reply", URL: "Website", PHONE_NUMBER: "Phone" })[t as string] ?? t
          }
          onAdd={(type) => onChange({ buttons: [...card.buttons, emptyButton(type)] })}
        />
      ) : null}
    </fieldset>
  );
}
