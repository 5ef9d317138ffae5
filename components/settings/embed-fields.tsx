"use client";

import { Copy, TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { copyText } from "@/components/ui/copy-text";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ThemeMode } from "@/generated/prisma/enums";
import { parseOrigin } from "@/lib/embeds/origins";

// Fields shared by the create and edit dialogs of an inbox embed.

export interface OriginLines {
  origins: string[];
  errors: { line: number; message: string }[];
}

/** One origin a line; blank lines are ignored, each bad line is reported with its number. */
export function parseOriginLines(text: string): OriginLines {
  const out: OriginLines = { origins: [], errors: [] };
  for (const [i, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    const r = parseOrigin(line);
    if (r.ok) {
      if (!out.origins.includes(r.origin)) out.origins.push(r.origin);
    } else out.errors.push({ line: i + 1, message: r.error });
  }
  return out;
}

export function OriginsField({
  id,
  value,
  onChange,
  serverError,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  serverError?: string;
}) {
  const { origins, errors } = parseOriginLines(value);
  const invalid = errors.length > 0 || !!serverError;
  return (
    <div className="space-y-2">
      <Label htmlFor={id}>Allowed origins</Label>
      <Textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={3}
        spellCheck={false}
        autoComplete="off"
        className="font-mono text-sm"
        placeholder={"https://app.example.com\nhttps://*.example.com"}
        aria-invalid={invalid}
        aria-describedby={`${id}-help`}
      />
      <div id={`${id}-help`} className="space-y-1 text-sm">
        {errors.length > 0 ? (
          <ul role="alert" className="space-y-1 text-destructive" data-testid="origin-errors">
            {errors.map((e) => (
              <li key={e.line}>
                Line {e.line}: {e.message}
              </li>
            ))}
          </ul>
        ) : serverError ? (
          <p role="alert" className="text-destructive">
            {serverError}
          </p>
        ) : null}
        {origins.length === 0 && errors.length === 0 ? (
          <p
            data-testid="any-origin-warning"
            className="flex items-start gap-2 rounded-md border border-amber-500/40 bg-amber-500/10 p-2 text-amber-900 dark:text-amber-200"
          >
            <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <span>
              With no origins, <strong>no other website</strong> can show this inbox in a frame: it only opens
              on its own. List the sites that embed it.
            </span>
          </p>
        ) : (
          <p className="text-muted-foreground">
            One per line: scheme and host only, such as https://app.example.com. A wildcard such as
            https://*.example.com covers its subdomains.
          </p>
        )}
      </div>
    </div>
  );
}

/** `YYYY-MM-DDTHH:mm` in the viewer's time zone, as a datetime-local input wants it. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The datetime-local value (local time) as an ISO instant, or null when empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

export function ExpiryField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <div className="space-y-2">
      <Label htmlFor={id}>
        Expires <span className="font-normal text-muted-foreground">(optional)</span>
      </Label>
      <div className="flex gap-2">
        <Input
          id={id}
          type="datetime-local"
          value={value}
          min={toLocalInput(new Date().toISOString())}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={`${id}-help`}
        />
        {value ? (
          <Button type="button" variant="ghost" onClick={() => onChange("")}>
            Clear
          </Button>
        ) : null}
      </div>
      <p id={`${id}-help`} className={error ? "text-sm text-destructive" : "text-sm text-muted-foreground"}>
        {error ?? "In your time zone. After it, the embed stops working. Leave empty for no expiry."}
      </p>
    </div>
  );
}

export const MODE_LABEL: Record<ThemeMode, string> = { LIGHT: "Light", DARK: "Dark", SYSTEM: "System" };

export function ModeField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: ThemeMode;
  onChange: (v: ThemeMode) => void;
}) {
  return (
    <div className="space-y-2">
      <Label htmlFor={id}>Default mode</Label>
      <Select value={value} onValueChange={(v) => onChange(v as ThemeMode)}>
        <SelectTrigger id={id} className="w-full">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="SYSTEM">System: follows the viewer's device</SelectItem>
          <SelectItem value="LIGHT">Light</SelectItem>
          <SelectItem value="DARK">Dark</SelectItem>
        </SelectContent>
      </Select>
      <p className="text-sm text-muted-foreground">
        The host page can override it with <code className="font-mono">?mode=dark</code> on the URL.
      </p>
    </div>
  );
}

/** A value shown once, with a Copy button. */
export function CopyBlock({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <span className="text-sm font-medium">{label}</span>
        <Button size="sm" variant="ghost" onClick={() => copyText(value, label)} aria-label={`Copy ${label}`}>
          <Copy className="size-4" /> Copy
        </Button>
      </div>
      <pre
        data-testid={testId}
        className="rounded-md border bg-muted/50 p-2 font-mono text-xs break-all whitespace-pre-wrap select-all"
      >
        {value}
      </pre>
    </div>
  );
}
