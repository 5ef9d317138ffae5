"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeft, Search } from "lucide-react";
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
import { Skeleton } from "@/components/ui/skeleton";
import { inboxKeys } from "@/lib/inbox/query-keys";
import { fillPlaceholders } from "@/lib/messages/render";
import type { TemplateSummary } from "@/lib/templates/data";
import { sendComponents, sendSlots } from "@/lib/templates/send-components";
import { useInboxApi } from "./inbox-api";

type Obj = Record<string, unknown>;

const part = (t: TemplateSummary, type: string): Obj | undefined =>
  t.components.find((c) => String(c.type).toUpperCase() === type);

function TemplateForm({
  template,
  conversationId,
  onSent,
  onBack,
}: {
  template: TemplateSummary;
  conversationId: string;
  onSent: () => void;
  onBack: () => void;
}) {
  const api = useInboxApi();
  const header = part(template, "HEADER");
  const body = part(template, "BODY");
  const footer = part(template, "FOOTER");
  const buttons = (part(template, "BUTTONS")?.buttons as Obj[] | undefined) ?? [];
  // Header text or media, body variables (positional or named) and button parameters, in send order.
  const slots = useMemo(() => sendSlots(template.components), [template.components]);
  const [values, setValues] = useState<Record<string, string>>({});
  const missing = slots.some((s) => !(values[s.id] ?? "").trim());
  const value = (key: string) => values[`body:${key}`] || undefined;

  const send = useMutation({
    mutationFn: () =>
      api.send("POST", `/conversations/${conversationId}/templates`, {
        name: template.name,
        language: template.language,
        components: sendComponents(template.components, template.parameterFormat, values),
      }),
    onSuccess: () => {
      toast.success(`Template ${template.name} sent.`);
      onSent();
    },
    onError: (e) => toast.error(e.message),
  });

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!missing) send.mutate();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-3">
          {slots.length === 0 ? (
            <p className="text-sm text-muted-foreground">This template has no parameters.</p>
          ) : null}
          {slots.map((slot, i) => (
            <div key={slot.id} className="space-y-1">
              <Label htmlFor={`tpl-${slot.id}`}>{slot.label}</Label>
              <Input
                id={`tpl-${slot.id}`}
                value={values[slot.id] ?? ""}
                type={
                  slot.kind === "text" || slot.kind === "url_suffix" || slot.kind === "coupon"
                    ? "text"
                    : "url"
                }
                placeholder={
                  slot.example ? `e.g. ${slot.example}` : slot.kind === "text" ? undefined : "https://…"
                }
                maxLength={slot.id === "header" && slot.kind === "text" ? 60 : 1024}
                autoFocus={i === 0}
                onChange={(e) => setValues((v) => ({ ...v, [slot.id]: e.target.value }))}
              />
            </div>
          ))}
        </div>
        <figure
          aria-label="Preview"
          data-testid="template-preview"
          className="rounded-lg bg-muted/60 p-3 text-sm"
        >
          <div className="rounded-lg bg-card p-3 shadow-sm">
            {header ? (
              <p className="mb-1 font-semibold">
                {header.format && header.format !== "TEXT"
                  ? `[${String(header.format).toLowerCase()}]`
                  : fillPlaceholders(header.text, () => values.header || undefined)}
              </p>
            ) : null}
            <p className="whitespace-pre-wrap">{fillPlaceholders(body?.text, value)}</p>
            {footer ? <p className="mt-1 text-xs text-muted-foreground">{String(footer.text)}</p> : null}
          </div>
          {buttons.map((btn) => (
            <div
              key={String(btn.text)}
              className="mt-1 rounded-lg bg-card py-1.5 text-center text-xs text-sky-600 shadow-sm"
            >
              {String(btn.text)}
            </div>
          ))}
        </figure>
      </div>
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onBack}>
          <ArrowLeft className="size-4" /> Other templates
        </Button>
        <Button
          type="submit"
          disabled={missing || send.isPending}
          title={missing ? "Fill in every parameter" : undefined}
        >
          {send.isPending ? "Sending…" : "Send template"}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** Approved templates of the conversation's number: pick one, fill its parameters, see it, send it. */
export function TemplatePicker({
  conversationId,
  open,
  onOpenChange,
  onSent,
}: {
  conversationId: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  onSent: () => void;
}) {
  const api = useInboxApi();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<TemplateSummary | null>(null);
  const templates = useQuery({
    queryKey: inboxKeys.templates(api.key, conversationId),
    queryFn: () => api.get<TemplateSummary[]>(`/conversations/${conversationId}/templates`),
    enabled: open,
    staleTime: 60_000,
  });
  const shown = useMemo(() => {
    const s = search.trim().toLowerCase();
    return (templates.data ?? []).filter((t) => !s || t.name.toLowerCase().includes(s) || t.id.includes(s));
  }, [templates.data, search]);

  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) setChosen(null);
  };

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{chosen ? `Send ${chosen.name}` : "Send a template"}</DialogTitle>
          <DialogDescription>
            {chosen
              ? `${chosen.language} · ${chosen.category.toLowerCase()}`
              : "Approved templates can be sent at any time, also outside the 24-hour window."}
          </DialogDescription>
        </DialogHeader>
        {chosen ? (
          <TemplateForm
            template={chosen}
            conversationId={conversationId}
            onBack={() => setChosen(null)}
            onSent={() => {
              close(false);
              onSent();
            }}
          />
        ) : (
          <div className="space-y-3">
            <div className="relative">
              <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground" />
              <Input
                aria-label="Search templates"
                placeholder="Search by name or ID"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                className="pl-8"
              />
            </div>
            {templates.isPending ? (
              <div className="space-y-2">
                <Skeleton className="h-12" />
                <Skeleton className="h-12" />
              </div>
            ) : templates.isError ? (
              <p role="alert" className="text-sm text-destructive">
                Could not load templates: {templates.error.message}
              </p>
            ) : shown.length === 0 ? (
              <p className="py-6 text-center text-sm text-muted-foreground">
                {templates.data.length === 0
                  ? "This number has no approved templates yet. Create one in Meta's WhatsApp Manager; it appears here once Meta approves it."
                  : "No template matches."}
              </p>
            ) : (
              <ul className="max-h-80 divide-y overflow-y-auto rounded-md border" aria-label="Templates">
                {shown.map((t) => (
                  <li key={t.id}>
                    <button
                      type="button"
                      className="w-full px-3 py-2 text-left hover:bg-accent focus-visible:bg-accent focus-visible:outline-none"
                      onClick={() => setChosen(t)}
                    >
                      <span className="block text-sm font-medium">{t.name}</span>
                      <span className="block truncate text-xs text-muted-foreground">
                        {t.language} · {String(part(t, "BODY")?.text ?? "")}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
