"use client";

import { Plus } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { type EditorCard, emptyCard, isEmptyCard, moveItem } from "@/lib/templates/editor-state";
import { LIMITS } from "@/lib/templates/rules";
import { NativeSelect } from "../native-select";
import { CardEditor, focusKey } from "./card-editor";
import { type EditorKit, Field, Messages, Section } from "./kit";

/**
 * A carousel: 2-10 cards that replace the template's header, footer and buttons. Every card has the same
 * kind of media header (one choice here) and, by Meta's rule, the same button kinds in the same order; a
 * new card starts shaped like the first. Cards move with their Up/Down buttons, and the focus moves with
 * them; removing a card that holds anything asks first.
 */
export function CarouselSection({
  k,
  onCardSample,
}: {
  k: EditorKit;
  onCardSample(cardKey: string, file: File): void;
}) {
  const { s, update, fid } = k;
  const cards = s.carousel.cards;
  const [confirming, setConfirming] = useState<EditorCard | null>(null);
  const focusNext = useRef<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const key = focusNext.current;
    if (!key) return;
    focusNext.current = null;
    const el =
      key === "add" ? addRef.current : document.querySelector<HTMLElement>(`[data-focus-key="${key}"]`);
    // A move button that is now disabled (the card reached an end) leaves the focus to its twin.
    if (el && !(el as HTMLButtonElement).disabled) el.focus();
    else if (key.endsWith(":up"))
      document.querySelector<HTMLElement>(`[data-focus-key="${key.replace(/:up$/, ":down")}"]`)?.focus();
    else if (key.endsWith(":down"))
      document.querySelector<HTMLElement>(`[data-focus-key="${key.replace(/:down$/, ":up")}"]`)?.focus();
  });

  const setCards = (next: EditorCard[]) => update({ carousel: { ...s.carousel, cards: next } });
  const enable = (on: boolean) => {
    const first = cards[0] ?? emptyCard();
    update({
      carousel: { enabled: on, cards: on && cards.length === 0 ? [first, emptyCard(first)] : cards },
    });
  };
  const remove = (card: EditorCard) => {
    const i = cards.findIndex((c) => c.key === card.key);
    const next = cards.filter((c) => c.key !== card.key);
    const neighbour = next[Math.min(i, next.length - 1)];
    focusNext.current = neighbour ? focusKey(neighbour, "body") : "add";
    setCards(next);
  };

  return (
    <Section title="Carousel">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={s.carousel.enabled} onChange={(e) => enable(e.target.checked)} />
        Send as a carousel of {LIMITS.cardsMin}–{LIMITS.cardsMax} cards (each with its own media, text and
        buttons)
      </label>
      {s.carousel.enabled ? (
        <>
          <Messages id={`${fid("carousel")}-problems`} problems={k.problems("carousel")} />
          <Field id={fid("card-media")} label="Card header">
            <NativeSelect
              id={fid("card-media")}
              className="w-full sm:w-48"
              value={cards[0]?.headerFormat ?? "IMAGE"}
              onChange={(e) => {
                const format = e.target.value as EditorCard["headerFormat"];
                // A sample of the other kind no longer fits: each card asks for a new one.
                setCards(
                  cards.map((c) =>
                    c.headerFormat === format
                      ? c
                      : { ...c, headerFormat: format, headerHandle: "", headerFileName: "" },
                  ),
                );
              }}
            >
              <option value="IMAGE">Image</option>
              <option value="VIDEO">Video</option>
            </NativeSelect>
          </Field>
          <ol className="space-y-3" aria-label="Cards">
            {cards.map((card, i) => (
              <li key={card.key}>
                <CardEditor
                  k={k}
                  card={card}
                  index={i}
                  count={cards.length}
                  onChange={(patch) =>
                    setCards(cards.map((c) => (c.key === card.key ? { ...c, ...patch } : c)))
                  }
                  onMove={(to) => {
                    focusNext.current = focusKey(card, to < i ? "up" : "down");
                    setCards(moveItem(cards, i, to));
                  }}
                  onRemove={() => (isEmptyCard(card) ? remove(card) : setConfirming(card))}
                  onSample={(file) => onCardSample(card.key, file)}
                />
              </li>
            ))}
          </ol>
          <Button
            ref={addRef}
            type="button"
            variant="outline"
            size="sm"
            disabled={cards.length >= LIMITS.cardsMax}
            onClick={() => {
              const card = emptyCard(cards[0]);
              focusNext.current = focusKey(card, "body");
              setCards([...cards, card]);
            }}
          >
            <Plus className="size-4" /> Add card
          </Button>
        </>
      ) : null}
      <AlertDialog open={confirming !== null} onOpenChange={(o) => !o && setConfirming(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              Remove card {confirming ? cards.findIndex((c) => c.key === confirming.key) + 1 : ""}?
            </AlertDialogTitle>
            <AlertDialogDescription>
              Its text, sample and buttons are removed from the template.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep it</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
              onClick={() => {
                if (confirming) remove(confirming);
                setConfirming(null);
              }}
            >
              Remove card
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </Section>
  );
}
