"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import type { TemplatePreview } from "@/lib/templates/preview";
import { TemplateBubble } from "../template-preview";

/** The live preview (light or dark), the rule module's verdict and the submit button. */
export function PreviewPanel({
  preview,
  mediaSrc,
  cardMediaSrc,
  errorCount,
  pristine,
  serverError,
  busy,
  pending,
  editing,
}: {
  preview: TemplatePreview;
  mediaSrc?: string;
  cardMediaSrc: (string | undefined)[];
  errorCount: number;
  /** Nothing typed yet: say what to do rather than count problems. */
  pristine: boolean;
  serverError: string | null;
  busy: boolean;
  pending: boolean;
  editing: boolean;
}) {
  const [mode, setMode] = useState<"light" | "dark">("light");
  return (
    <aside className="min-w-0 space-y-3 lg:sticky lg:top-4 lg:self-start">
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold">Preview</h2>
        <fieldset className="flex gap-1" aria-label="Preview theme">
          {(["light", "dark"] as const).map((m) => (
            <Button
              key={m}
              type="button"
              size="sm"
              variant={mode === m ? "secondary" : "ghost"}
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
            >
              {m === "light" ? "Light" : "Dark"}
            </Button>
          ))}
        </fieldset>
      </div>
      <TemplateBubble preview={preview} mode={mode} mediaSrc={mediaSrc} cardMediaSrc={cardMediaSrc} />
      <div className="space-y-2 rounded-lg border p-3 text-sm" aria-live="polite">
        {errorCount === 0 ? (
          <p className="text-emerald-700 dark:text-emerald-400" data-testid="rules-ok">
            Meta's rules are met.
          </p>
        ) : pristine ? (
          <p className="text-muted-foreground">
            Name the template and write its body; Meta's rules are checked as you type.
          </p>
        ) : (
          <p className="text-destructive" data-testid="rules-count">
            {errorCount} {errorCount === 1 ? "problem" : "problems"} to fix before submitting.
          </p>
        )}
        {serverError ? <p className="text-destructive">{serverError}</p> : null}
        <Button type="submit" className="w-full" disabled={errorCount > 0 || pending || busy}>
          {pending ? <Spinner /> : null}
          {editing ? "Submit changes for review" : "Submit for review"}
        </Button>
      </div>
    </aside>
  );
}
