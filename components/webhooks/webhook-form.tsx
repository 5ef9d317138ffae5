"use client";

import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { keepInput, useActionForm } from "@/components/ui/use-action-form";
import { createWebhookAction, updateWebhookAction } from "@/lib/webhooks/actions";
import type { WebhookDto } from "@/lib/webhooks/data";
import { DELIVERY_TIMEOUT_MS, NUMBER_EVENTS, PROJECT_EVENTS } from "@/lib/webhooks/events";

export interface NumberOption {
  id: string;
  phoneNumberId: string;
  label: string;
}

export const selectClass =
  "h-9 rounded-md border border-input bg-background px-2 text-sm shadow-xs outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50";

function parseHeaders(text: string): { headers: Record<string, string>; error?: string } {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(":");
    if (at <= 0) return { headers, error: `Line ${i + 1}: write Name: value` };
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { headers };
}

function urlProblem(url: string): string | undefined {
  if (!url) return "Required";
  try {
    const u = new URL(url);
    if (u.protocol !== "https:" && u.protocol !== "http:") return "Must start with https:// (or http://)";
  } catch {
    return "Not a valid URL";
  }
  return undefined;
}

/** "10 s, 40 s and 90 s". */
function secondsList(delays: number[]): string {
  const parts = delays.map((d) => `${d} s`);
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
}

/** Create (no `webhook`) or edit a webhook, with the events its scope allows and live validation. */
export function WebhookDialog({
  projectId,
  numbers,
  webhook,
  retryDelays,
  open,
  onOpenChange,
  onCreated,
}: {
  projectId: string;
  numbers: NumberOption[];
  webhook?: WebhookDto;
  /** The server's retry schedule in seconds (WEBHOOK_RETRY_DELAYS_SECONDS). */
  retryDelays: number[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated?: (secret: string) => void;
}) {
  const form = useActionForm();
  // An existing webhook keeps its scope (an update cannot change it); a new one starts on the first number.
  const [scope, setScope] = useState(
    webhook ? (webhook.number_id ?? "project") : (numbers[0]?.id ?? "project"),
  );
  const [kind, setKind] = useState(webhook?.kind ?? "kapso");
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [touched, setTouched] = useState(false);
  // "Choose at least one event" waits for a submit or a change of the events.
  const [eventsTouched, setEventsTouched] = useState(false);
  const [events, setEvents] = useState<string[]>(webhook?.events ?? ["whatsapp.message.received"]);
  const [headersText, setHeadersText] = useState(
    Object.entries(webhook?.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
  );
  const [buffer, setBuffer] = useState(webhook?.buffer_enabled ?? false);
  const isNumber = scope !== "project";
  const available = useMemo(
    () => (isNumber ? NUMBER_EVENTS : PROJECT_EVENTS) as readonly string[],
    [isNumber],
  );
  const chosen = events.filter((e) => available.includes(e));
  const urlError = touched ? urlProblem(url) : undefined;
  const parsedHeaders = parseHeaders(headersText);
  const eventsError = kind === "kapso" && chosen.length === 0 ? "Choose at least one event" : undefined;
  const scopeLabel = isNumber
    ? `Number ${numbers.find((n) => n.id === scope)?.label ?? webhook?.phone_number_id ?? scope}`
    : "Project (numbers and workflows)";

  // The server's field errors go beside their inputs; any it names that has no input here shows above
  // the form, so a refusal is never silent.
  const placed = new Set(["url", "headers", "payload_version"]);
  if (kind === "kapso") placed.add("events");
  if (isNumber) placed.add("inactivity_minutes");
  if (isNumber && kind === "kapso") placed.add("buffer_enabled");
  if (isNumber && kind === "kapso" && buffer) {
    placed.add("buffer_window_seconds");
    placed.add("max_buffer_size");
  }
  const headerErrors = Object.entries(form.fields)
    .filter(([k]) => k === "headers" || k.startsWith("headers."))
    .map(([k, v]) => (k === "headers" ? v : `${k.slice("headers.".length)}: ${v}`));
  const unplaced = Object.entries(form.fields).filter(([k]) => !placed.has(k) && !k.startsWith("headers."));
  const generalError = form.error ?? (unplaced.map(([k, v]) => `${k}: ${v}`).join("; ") || undefined);
  const headersError = parsedHeaders.error ?? (headerErrors.join("; ") || undefined);
  const inactivityError = form.fields.inactivity_minutes;

  const submit = keepInput((fd) => {
    setTouched(true);
    setEventsTouched(true);
    if (urlProblem(url) || parsedHeaders.error || eventsError) return;
    const common = {
      url,
      events: kind === "meta" ? [] : chosen,
      headers: parsedHeaders.headers,
      payload_version: (fd.get("payload_version") === "v1" ? "v1" : "v2") as "v1" | "v2",
      buffer_enabled: isNumber && kind === "kapso" && buffer,
      buffer_window_seconds: Number(fd.get("buffer_window_seconds") ?? webhook?.buffer_window_seconds ?? 5),
      max_buffer_size: Number(fd.get("max_buffer_size") ?? webhook?.max_buffer_size ?? 50),
      inactivity_minutes: Number(fd.get("inactivity_minutes") ?? webhook?.inactivity_minutes ?? 60),
    };
    if (webhook)
      form.submit(
        () => updateWebhookAction({ projectId, webhookId: webhook.id, ...common }),
        () => {
          toast.success("Webhook saved");
          onOpenChange(false);
        },
      );
    else
      form.submit(
        () =>
          createWebhookAction({
            projectId,
            ...common,
            kind: kind as "kapso" | "meta",
            active: true,
            phoneNumber: isNumber ? scope : undefined,
          }),
        (r) => {
          onOpenChange(false);
          onCreated?.(r.secret);
        },
      );
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{webhook ? "Edit webhook" : "Add webhook"}</DialogTitle>
          <DialogDescription>
            Deliveries are POSTed as JSON, signed with the webhook's secret (X-Webhook-Signature), and retried
            after {secondsList(retryDelays)} when your endpoint does not answer 2xx within{" "}
            {DELIVERY_TIMEOUT_MS / 1000} s.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" noValidate>
          {generalError ? (
            <p role="alert" className="text-sm text-destructive">
              {generalError}
            </p>
          ) : null}
          {webhook ? (
            <p className="text-sm">
              <span className="text-muted-foreground">Scope:</span> {scopeLabel}
            </p>
          ) : (
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="space-y-1.5">
                <Label htmlFor="wh-scope">Scope</Label>
                <select
                  id="wh-scope"
                  className={`${selectClass} w-full`}
                  value={scope}
                  onChange={(e) => {
                    setScope(e.target.value);
                    // Meta forwarding belongs to a number.
                    if (e.target.value === "project") setKind("kapso");
                  }}
                >
                  {numbers.map((n) => (
                    <option key={n.id} value={n.id}>
                      Number {n.label}
                    </option>
                  ))}
                  <option value="project">Project (numbers and workflows)</option>
                </select>
              </div>
              <div className="space-y-1.5">
                <Label htmlFor="wh-kind">Kind</Label>
                <select
                  id="wh-kind"
                  className={`${selectClass} w-full`}
                  value={kind}
                  onChange={(e) => setKind(e.target.value)}
                >
                  <option value="kapso">Kapso events</option>
                  {isNumber ? <option value="meta">Meta, forwarded as received</option> : null}
                </select>
              </div>
            </div>
          )}
          <div className="space-y-1.5">
            <Label htmlFor="wh-url">Endpoint URL</Label>
            <Input
              id="wh-url"
              name="url"
              value={url}
              placeholder="https://example.com/webhooks/whatsapp"
              onChange={(e) => setUrl(e.target.value)}
              onBlur={() => setTouched(true)}
              aria-invalid={!!(urlError ?? form.fields.url)}
              aria-describedby="wh-url-error"
            />
            <p id="wh-url-error" className="text-xs text-destructive">
              {urlError ?? form.fields.url}
            </p>
          </div>
          {kind === "kapso" ? (
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium">Events</legend>
              <div className="grid gap-1 sm:grid-cols-2">
                {available.map((e) => (
                  <label key={e} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={chosen.includes(e)}
                      onChange={(ev) => {
                        setEventsTouched(true);
                        setEvents(ev.target.checked ? [...chosen, e] : chosen.filter((x) => x !== e));
                      }}
                    />
                    <span className="font-mono text-xs">{e}</span>
                  </label>
                ))}
              </div>
              <p className="text-xs text-destructive">
                {(eventsTouched ? eventsError : undefined) ?? form.fields.events}
              </p>
            </fieldset>
          ) : (
            <p className="text-sm text-muted-foreground">
              Every webhook Meta sends for this number is forwarded as it came (its exact body), signed with
              this webhook's secret, with X-Idempotency-Key set to the SHA-256 of the body. One per number.
            </p>
          )}
          <div className="space-y-1.5">
            <Label htmlFor="wh-headers">Custom headers (one per line, Name: value)</Label>
            <Textarea
              id="wh-headers"
              rows={2}
              value={headersText}
              onChange={(e) => setHeadersText(e.target.value)}
              placeholder="X-Webhook-Source: switchboard"
              aria-invalid={!!headersError}
              aria-describedby="wh-headers-error"
            />
            <p id="wh-headers-error" className="break-words text-xs text-destructive">
              {headersError}
            </p>
          </div>
          {/* A meta webhook forwards Meta's own body: no payload version, no inactivity event. */}
          <div className={kind === "meta" ? "hidden" : "grid gap-4 sm:grid-cols-2"}>
            <div className="space-y-1.5">
              <Label htmlFor="wh-version">Payload version</Label>
              <select
                id="wh-version"
                name="payload_version"
                defaultValue={webhook?.payload_version ?? "v2"}
                className={`${selectClass} w-full`}
              >
                <option value="v2">v2 (phone_number_id at the root)</option>
                <option value="v1">v1 (legacy whatsapp_config)</option>
              </select>
              <p className="text-xs text-destructive">{form.fields.payload_version}</p>
            </div>
            {isNumber ? (
              <div className="space-y-1.5">
                <Label htmlFor="wh-inactivity">Inactivity (minutes)</Label>
                <Input
                  id="wh-inactivity"
                  name="inactivity_minutes"
                  type="number"
                  min={1}
                  max={1440}
                  defaultValue={webhook?.inactivity_minutes ?? 60}
                  aria-invalid={!!inactivityError}
                  aria-describedby="wh-inactivity-error"
                />
                <p id="wh-inactivity-error" className="text-xs text-destructive">
                  {inactivityError}
                </p>
              </div>
            ) : null}
          </div>
          {isNumber && kind === "kapso" ? (
            <fieldset className="space-y-2 rounded-md border p-3">
              <legend className="px-1 text-sm font-medium">Buffering (whatsapp.message.received)</legend>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={buffer} onChange={(e) => setBuffer(e.target.checked)} />
                Send a conversation's messages in batches
              </label>
              <p className="text-xs text-destructive">{form.fields.buffer_enabled}</p>
              {buffer ? (
                <div className="grid gap-3 sm:grid-cols-2">
                  <div className="space-y-1.5">
                    <Label htmlFor="wh-window">Window (1–60 s)</Label>
                    <Input
                      id="wh-window"
                      name="buffer_window_seconds"
                      type="number"
                      min={1}
                      max={60}
                      defaultValue={webhook?.buffer_window_seconds ?? 5}
                      aria-invalid={!!form.fields.buffer_window_seconds}
                      aria-describedby="wh-window-error"
                    />
                    <p id="wh-window-error" className="text-xs text-destructive">
                      {form.fields.buffer_window_seconds}
                    </p>
                  </div>
                  <div className="space-y-1.5">
                    <Label htmlFor="wh-max">Max batch (1–100)</Label>
                    <Input
                      id="wh-max"
                      name="max_buffer_size"
                      type="number"
                      min={1}
                      max={100}
                      defaultValue={webhook?.max_buffer_size ?? 50}
                      aria-invalid={!!form.fields.max_buffer_size}
                      aria-describedby="wh-max-error"
                    />
                    <p id="wh-max-error" className="text-xs text-destructive">
                      {form.fields.max_buffer_size}
                    </p>
                  </div>
                </div>
              ) : null}
            </fieldset>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={form.pending}>
              {webhook ? "Save" : "Add webhook"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
