"use client";

import { TriangleAlert } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
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
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useActionForm } from "@/components/ui/use-action-form";
import type { EmbedScope, ThemeMode } from "@/generated/prisma/enums";
import { createEmbedAction } from "@/lib/embeds/actions";
import type { EmbedScopeOptions } from "@/lib/embeds/data";
import { cn } from "@/lib/utils";
import {
  CopyBlock,
  ExpiryField,
  fromLocalInput,
  ModeField,
  OriginsField,
  parseOriginLines,
} from "./embed-fields";

type Created = { name: string; token: string; url: string };

const SCOPES: { value: EmbedScope; label: string; hint: string }[] = [
  { value: "PROJECT", label: "Whole project", hint: "Every conversation on every number." },
  {
    value: "CUSTOMER",
    label: "A customer",
    hint: "Conversations on that customer's numbers, including numbers added to them later.",
  },
  { value: "PHONE_NUMBER", label: "One phone number", hint: "Conversations on that number only." },
];

export const iframeSnippet = (url: string) =>
  `<iframe src="${url}" style="width:100%;height:100%;border:0"></iframe>`;

function ScopeField({
  scopes,
  scope,
  setScope,
  scopeId,
  setScopeId,
  error,
}: {
  scopes: EmbedScopeOptions;
  scope: EmbedScope;
  setScope: (s: EmbedScope) => void;
  scopeId: string;
  setScopeId: (id: string) => void;
  error?: string;
}) {
  const choices =
    scope === "CUSTOMER"
      ? scopes.customers.map((c) => ({
          id: c.id,
          label: `${c.name} (${c.numberCount} ${c.numberCount === 1 ? "number" : "numbers"})`,
        }))
      : scope === "PHONE_NUMBER"
        ? scopes.numbers.map((n) => ({
            id: n.id,
            label: n.customerName ? `${n.label} · ${n.customerName}` : n.label,
          }))
        : [];
  const noun = scope === "CUSTOMER" ? "customer" : "phone number";
  // /p/<slug>/settings/embeds → /p/<slug>/customers
  const customersHref = `${(usePathname() ?? "").split("/").slice(0, 3).join("/")}/customers`;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">What it shows</legend>
      <div className="space-y-1.5">
        {SCOPES.map((s) => (
          <label
            key={s.value}
            className={cn(
              "flex cursor-pointer items-start gap-2 rounded-md border p-2 text-sm",
              scope === s.value && "border-primary bg-primary/5",
            )}
          >
            <input
              type="radio"
              name="scope"
              value={s.value}
              checked={scope === s.value}
              onChange={() => {
                setScope(s.value);
                setScopeId("");
              }}
              className="mt-0.5 accent-primary"
            />
            <span>
              <span className="font-medium">{s.label}</span>
              <span className="block text-muted-foreground">{s.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {scope !== "PROJECT" ? (
        choices.length === 0 ? (
          scope === "CUSTOMER" ? (
            <p role="alert" className="text-sm text-destructive">
              This project has no customers yet.{" "}
              <Link className="underline underline-offset-2" href={customersHref}>
                Create one under Customers
              </Link>
              , or pick another scope.
            </p>
          ) : (
            <p role="alert" className="text-sm text-destructive">
              This project has no phone numbers yet. Connect one under Numbers, or pick another scope.
            </p>
          )
        ) : (
          <div className="space-y-1">
            <Label htmlFor="embed-scope-id" className="sr-only">
              Choose the {noun}
            </Label>
            <Select value={scopeId} onValueChange={setScopeId}>
              <SelectTrigger id="embed-scope-id" className="w-full" aria-invalid={!!error}>
                <SelectValue placeholder={`Choose the ${noun}`} />
              </SelectTrigger>
              <SelectContent>
                {choices.map((c) => (
                  <SelectItem key={c.id} value={c.id}>
                    {c.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        )
      ) : null}
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
      <p className="text-sm text-muted-foreground">
        The scope cannot be changed later: create a new embed for a different one.
      </p>
    </fieldset>
  );
}

function CreatedPanel({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Copy the embed now</DialogTitle>
        <DialogDescription>
          “{created.name}” is ready. Paste the snippet into the page that shows the inbox.
        </DialogDescription>
      </DialogHeader>
      <div className="space-y-3">
        <CopyBlock label="Embed snippet" value={iframeSnippet(created.url)} testId="new-embed-snippet" />
        <CopyBlock label="Embed URL" value={created.url} testId="new-embed-url" />
        <CopyBlock label="Token" value={created.token} testId="new-embed-token" />
      </div>
      <p className="flex items-start gap-2 text-sm text-muted-foreground">
        <TriangleAlert
          className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400"
          aria-hidden="true"
        />
        <span>
          This is the only time the token and URL are shown; only a fingerprint of the token is stored. Anyone
          with the URL can use the inbox it shows, so treat it like a password. If you lose it, revoke the
          embed and create a new one.
        </span>
      </p>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}

export function CreateEmbedDialog({
  projectId,
  scopes,
  open,
  onOpenChange,
}: {
  projectId: string;
  scopes: EmbedScopeOptions;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<EmbedScope>("PROJECT");
  const [scopeId, setScopeId] = useState("");
  const [originsText, setOriginsText] = useState("");
  const [expiry, setExpiry] = useState("");
  const [mode, setMode] = useState<ThemeMode>("SYSTEM");
  const { fields, error, pending, reset, submit: run } = useActionForm();
  const [created, setCreated] = useState<Created>();

  function close(o: boolean) {
    onOpenChange(o);
    if (!o) {
      setName("");
      setScope("PROJECT");
      setScopeId("");
      setOriginsText("");
      setExpiry("");
      setMode("SYSTEM");
      reset();
      setCreated(undefined);
    }
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { origins, errors } = parseOriginLines(originsText);
    if (errors.length > 0) return; // already shown under the field
    run(
      () =>
        createEmbedAction({
          projectId,
          name,
          scope,
          scopeId: scope === "PROJECT" ? null : scopeId || null,
          allowedOrigins: origins,
          expiresAt: fromLocalInput(expiry),
          defaultMode: mode,
        }),
      (data) => {
        setCreated({ name: data.embed.name, token: data.token, url: data.url });
        router.refresh();
      },
    );
  }

  const originsError = Object.entries(fields).find(([k]) => k.startsWith("allowedOrigins"))?.[1];

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        {created ? (
          <CreatedPanel created={created} onDone={() => close(false)} />
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Create inbox embed</DialogTitle>
              <DialogDescription>
                An inbox your team or customer can use inside another app, through an iframe, without a
                Switchboard account.
              </DialogDescription>
            </DialogHeader>
            <form onSubmit={submit} className="space-y-5" noValidate>
              {error ? (
                <p role="alert" className="text-sm text-destructive">
                  {error}
                </p>
              ) : null}
              <div className="space-y-2">
                <Label htmlFor="embed-name">Name</Label>
                <Input
                  id="embed-name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  autoFocus
                  autoComplete="off"
                  maxLength={80}
                  placeholder="e.g. Acme support portal"
                  aria-invalid={!!fields.name}
                  aria-describedby={fields.name ? "embed-name-error" : undefined}
                />
                {fields.name ? (
                  <p id="embed-name-error" className="text-sm text-destructive">
                    {fields.name}
                  </p>
                ) : null}
              </div>
              <ScopeField
                scopes={scopes}
                scope={scope}
                setScope={setScope}
                scopeId={scopeId}
                setScopeId={setScopeId}
                error={fields.scopeId ?? fields.scope}
              />
              <OriginsField
                id="embed-origins"
                value={originsText}
                onChange={setOriginsText}
                serverError={originsError}
              />
              <ExpiryField id="embed-expiry" value={expiry} onChange={setExpiry} error={fields.expiresAt} />
              <ModeField id="embed-mode" value={mode} onChange={setMode} />
              <DialogFooter>
                <Button type="button" variant="ghost" onClick={() => close(false)}>
                  Cancel
                </Button>
                <Button type="submit" disabled={pending || parseOriginLines(originsText).errors.length > 0}>
                  {pending ? <Spinner /> : null}
                  Create embed
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
