"use client";

import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";
import type { EditorState } from "@/lib/templates/editor-state";
import type { Problem } from "@/lib/templates/rules";
import { cn } from "@/lib/utils";

// What every section of the template editor gets: the form state, a way to change it, and the rule
// module's problems by field with the ids that tie each message to its input.

export interface EditorKit {
  s: EditorState;
  update(patch: Partial<EditorState>): void;
  /** The rule module's problems shown on one field (editor-state's fieldOf names the fields). */
  problems(field: string): Problem[] | undefined;
  /** The DOM id of a field's input. */
  fid(field: string): string;
  /** id, aria-invalid and aria-describedby for a field's input. */
  input(field: string): { id: string; "aria-invalid"?: true; "aria-describedby"?: string };
  /** Uploads a media sample through Meta's resumable upload; the handle, or null when it failed. */
  upload(target: string, file: File): Promise<string | null>;
  /** The upload target in flight, if any. */
  uploading: string | null;
  editing?: { id: string; status: string };
}

/** A field's messages, announced to screen readers and tied to the input by id. */
export function Messages({ id, problems }: { id: string; problems?: Problem[] }) {
  if (!problems?.length) return null;
  return (
    <ul id={id} className="space-y-0.5" data-testid="field-problems">
      {problems.map((p) => (
        <li
          key={`${p.rule}:${p.path}`}
          className={cn(
            "text-xs",
            p.severity === "error" ? "text-destructive" : "text-amber-700 dark:text-amber-400",
          )}
          data-rule={p.rule}
        >
          {p.severity === "warning" ? "Review risk: " : null}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

export function Field({
  id,
  label,
  counter,
  problems,
  children,
  hint,
}: {
  id: string;
  label: string;
  counter?: [number, number];
  problems?: Problem[];
  children: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <div className="min-w-0 space-y-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={id}>{label}</Label>
        {counter ? (
          <span
            className={cn(
              "text-xs tabular-nums",
              counter[0] > counter[1] ? "text-destructive" : "text-muted-foreground",
            )}
          >
            {counter[0].toLocaleString("en-US")}/{counter[1].toLocaleString("en-US")}
          </span>
        ) : null}
      </div>
      {children}
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
      <Messages id={`${id}-problems`} problems={problems} />
    </div>
  );
}

export function Section({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="min-w-0 space-y-4 rounded-lg border p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** Accepted sample types per media header, as Meta's resumable upload takes them. */
export const SAMPLE_ACCEPT: Record<string, string> = {
  IMAGE: "image/jpeg,image/png",
  VIDEO: "video/mp4",
  DOCUMENT: "application/pdf",
};
