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
import { NUMBER_EVENTS, PROJECT_EVENTS } from "@/lib/webhooks/events";

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

/** Create (no `webhook`) or edit a webhook, with the events its scope allows and live validation. */
export function WebhookDialog({
  projectId,
  numbers,
  webhook,
  open,
  onOpenChange,
  onCreated,
}: {
  projectId: string;
  numbers: NumberOption[];
  webhook?: WebhookDto;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated?: (secret: string) => void;
}) {
  const form = useActionForm();
  const [scope, setScope] = useState(webhook?.number_id ?? numbers[0]?.id ?? "project");
  const [kind, setKind] = useState(webhook?.kind ?? "kapso");
  const [url, setUrl] = useState(webhook?.url ?? "");
  const [touched, setTouched] = useState(false);
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

  const submit = keepInput((fd) => {
    setTouched(true);
    if (urlProblem(url) || parsedHeaders.error || eventsError) return;
    const common = {
      url,
      events: kind === "meta" ? [] : chosen,
      headers: parsedHeaders.headers,
      payload_version: (fd.get("payload_version") === "v1" ? "v1" : "v2") as "v1" | "v2",
      buffer_enabled: isNumber && kind === "kapso" && buffer,
      buffer_window_seconds: Number(fd.get("buffer_window_seconds") ?? 5),
      max_buffer_size: Number(fd.get("max_buffer_size") ?? 50),
      inactivity_minutes: Number(fd.get("inactivity_minutes") ?? 60),
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
            after 10 s, 40 s and 90 s when your endpoint does not answer 2xx within 10 s.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-4" noValidate>
          {form.error ? (
            <p role="alert" className="text-sm text-destructive">
              {form.error}
            </p>
          ) : null}
          {!webhook ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="space-y-1.5">
                <Label htmlFor="wh-scope">Scope</Label>
                <select
                  id="wh-scope"
                  className={`${selectClass} w-full`}
                  value={scope}
                  onChange={(e) => setScope(e.target.value)}
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
                </select>
              </div>
            </div>
          ) : null}
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
                      onChange={(ev) =>
                        setEvents(ev.target.checked ? [...chosen, e] : chosen.filter((x) => x !== e))
                      }
                    />
                    <span className="font-mono text-xs">{e}</span>
                  </label>
                ))}
              </div>
              <p className="text-xs text-destructive">{eventsError ?? form.fields.events}</p>
            </fieldset>
          ) : (
            <p className="text-sm text-muted-foreground">
              Every webhook Meta sends for this number is forwarded as it came, with X-Idempotency-Key set to
              the SHA-256 of the body. One per number.
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
              aria-invalid={!!(parsedHeaders.error ?? form.fields.headers)}
            />
            <p className="text-xs text-destructive">{parsedHeaders.error ?? form.fields.headers}</p>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
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
                />
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
                    />
                    <p className="text-xs text-destructive">{form.fields.buffer_window_seconds}</p>
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
                    />
                    <p className="text-xs text-destructive">{form.fields.max_buffer_size}</p>
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
