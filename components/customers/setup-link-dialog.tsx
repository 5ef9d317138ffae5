"use client";

import { Copy, TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { copyText } from "@/components/ui/copy-text";
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
import { Spinner } from "@/components/ui/spinner";
import { keepInput, useActionForm } from "@/components/ui/use-action-form";
import { createSetupLinkAction } from "@/lib/customers/actions";

const LANGUAGES = [
  ["en", "English"],
  ["es", "Español"],
  ["pt", "Português"],
  ["hi", "हिन्दी"],
  ["id", "Bahasa Indonesia"],
  ["ar", "العربية"],
] as const;

const TYPES = [
  ["sandbox", "Sandbox number", "A simulated number, for trying things out"],
  ["dedicated", "Live number", "Their WhatsApp Business number's credentials, checked with Meta"],
] as const;

function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p id={id} className="text-sm text-destructive">
      {text}
    </p>
  ) : null;
}

export function SetupLinkDialog({
  projectId,
  customerId,
  customerName,
  hasOpenLink,
  open,
  onOpenChange,
}: {
  projectId: string;
  customerId: string;
  customerName: string;
  hasOpenLink: boolean;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const { fields, error, pending, reset, submit } = useActionForm();
  const [created, setCreated] = useState<{ url: string; expiresAt: string }>();
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      reset();
      setCreated(undefined);
    }
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Send this link to {customerName}</DialogTitle>
              <DialogDescription>
                It opens a page where they connect their number, and works until{" "}
                {new Date(created.expiresAt).toLocaleDateString()} or until it is used once.
              </DialogDescription>
            </DialogHeader>
            <div className="flex gap-2">
              <Label htmlFor="new-setup-link" className="sr-only">
                Setup link
              </Label>
              <Input
                id="new-setup-link"
                data-testid="new-setup-link"
                value={created.url}
                readOnly
                className="font-mono text-xs"
                onFocus={(e) => e.currentTarget.select()}
              />
              <Button type="button" variant="outline" onClick={() => copyText(created.url, "Setup link")}>
                <Copy className="size-4" />
                <span className="sr-only sm:not-sr-only">Copy</span>
              </Button>
            </div>
            <p className="flex items-start gap-2 text-sm text-muted-foreground">
              <TriangleAlert
                className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400"
                aria-hidden
              />
              This is the only time the link is shown; only a fingerprint of it is stored. Create a new one if
              it is lost (that revokes this one).
            </p>
            <DialogFooter>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form
            className="space-y-4"
            onSubmit={keepInput((f) => {
              const types = f.getAll("types").map(String);
              submit(
                () =>
                  createSetupLinkAction({
                    projectId,
                    customerId,
                    successRedirectUrl: String(f.get("success") ?? ""),
                    failureRedirectUrl: String(f.get("failure") ?? ""),
                    language: String(f.get("language") ?? "en"),
                    allowedConnectionTypes: types,
                    primaryColor: String(f.get("color") ?? "") || null,
                  }),
                (data) => {
                  setCreated(data);
                  router.refresh();
                },
              );
            })}
          >
            <DialogHeader>
              <DialogTitle>New setup link</DialogTitle>
              <DialogDescription>
                A page {customerName} opens, without an account, to connect a WhatsApp number. It lives 30
                days.
                {hasOpenLink ? " Their current open link stops working when this one is created." : ""}
              </DialogDescription>
            </DialogHeader>
            <div className="space-y-1.5">
              <Label htmlFor="setup-success">Redirect after success (optional)</Label>
              <Input
                id="setup-success"
                name="success"
                type="url"
                placeholder="https://app.example.com/whatsapp/connected"
                aria-invalid={!!fields.successRedirectUrl}
                aria-describedby="setup-success-error"
              />
              <FieldError id="setup-success-error" text={fields.successRedirectUrl} />
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="setup-failure">Redirect after failure (optional)</Label>
              <Input
                id="setup-failure"
                name="failure"
                type="url"
                placeholder="https://app.example.com/whatsapp/failed"
                aria-invalid={!!fields.failureRedirectUrl}
                aria-describedby="setup-failure-error"
              />
              <FieldError id="setup-failure-error" text={fields.failureRedirectUrl} />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <div className="space-y-1.5">
                <Label htmlFor="setup-language">Language</Label>
                <select
                  id="setup-language"
                  name="language"
                  defaultValue="en"
                  className="h-9 w-full rounded-md border bg-background px-2 text-sm"
                >
                  {LANGUAGES.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </select>
              </div>
              <div className="space-y-1.5">
                <Label htmlFor="setup-color">Theme colour</Label>
                <Input
                  id="setup-color"
                  name="color"
                  type="color"
                  defaultValue="#0f766e"
                  className="h-9 p-1"
                  aria-invalid={!!fields.primaryColor}
                />
                <FieldError id="setup-color-error" text={fields.primaryColor} />
              </div>
            </div>
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium">They may connect</legend>
              {TYPES.map(([v, l, hint]) => (
                <label key={v} className="flex items-start gap-2 rounded-md border p-2 text-sm">
                  <input
                    type="checkbox"
                    name="types"
                    value={v}
                    defaultChecked
                    className="mt-0.5 accent-primary"
                  />
                  <span>
                    <span className="font-medium">{l}</span>
                    <span className="block text-muted-foreground">{hint}</span>
                  </span>
                </label>
              ))}
              <FieldError id="setup-types-error" text={fields.allowedConnectionTypes} />
            </fieldset>
            {error ? (
              <p role="alert" className="text-sm text-destructive">
                {error}
              </p>
            ) : null}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? <Spinner /> : null}
                Create link
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
