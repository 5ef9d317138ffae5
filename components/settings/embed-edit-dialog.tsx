"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
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
import { Spinner } from "@/components/ui/spinner";
import { useActionForm } from "@/components/ui/use-action-form";
import type { ThemeMode } from "@/generated/prisma/enums";
import { updateEmbedAction } from "@/lib/embeds/actions";
import type { EmbedDto } from "@/lib/embeds/data";
import {
  ExpiryField,
  fromLocalInput,
  ModeField,
  OriginsField,
  parseOriginLines,
  toLocalInput,
} from "./embed-fields";

/** Edits name, origins, expiry and mode. Mounted per opening, so it starts from the embed's values. */
export function EditEmbedDialog({
  projectId,
  embed,
  onClose,
}: {
  projectId: string;
  embed: EmbedDto;
  onClose: () => void;
}) {
  const router = useRouter();
  const initialExpiry = toLocalInput(embed.expiresAt);
  const [name, setName] = useState(embed.name);
  const [originsText, setOriginsText] = useState(embed.allowedOrigins.join("\n"));
  const [expiry, setExpiry] = useState(initialExpiry);
  const [mode, setMode] = useState<ThemeMode>(embed.defaultMode);
  const { fields, error, pending, submit: run } = useActionForm();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { origins, errors } = parseOriginLines(originsText);
    if (errors.length > 0) return;
    run(
      () =>
        updateEmbedAction({
          projectId,
          embedId: embed.id,
          name,
          allowedOrigins: origins,
          // Only a changed expiry is sent: an embed that has already expired can be renamed as it is.
          ...(expiry !== initialExpiry ? { expiresAt: fromLocalInput(expiry) } : {}),
          defaultMode: mode,
        }),
      (data) => {
        toast.success(`${data.name} was saved`);
        onClose();
        router.refresh();
      },
    );
  }

  const originsError = Object.entries(fields).find(([k]) => k.startsWith("allowedOrigins"))?.[1];

  return (
    <Dialog open onOpenChange={(o) => !o && !pending && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Edit {embed.name}</DialogTitle>
          <DialogDescription>Changes apply to open embeds on their next request.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-5" noValidate>
          {error ? (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <div className="space-y-2">
            <Label htmlFor="edit-embed-name">Name</Label>
            <Input
              id="edit-embed-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              maxLength={80}
              aria-invalid={!!fields.name}
              aria-describedby={fields.name ? "edit-embed-name-error" : undefined}
            />
            {fields.name ? (
              <p id="edit-embed-name-error" className="text-sm text-destructive">
                {fields.name}
              </p>
            ) : null}
          </div>
          <div className="space-y-1">
            <span className="text-sm font-medium">What it shows</span>
            <p className="rounded-md border bg-muted/50 px-3 py-2 text-sm" data-testid="edit-embed-scope">
              {embed.scopeName}
            </p>
            <p className="text-sm text-muted-foreground">
              The scope cannot be changed: create a new embed for a different one.
            </p>
          </div>
          <OriginsField
            id="edit-embed-origins"
            value={originsText}
            onChange={setOriginsText}
            serverError={originsError}
          />
          <ExpiryField id="edit-embed-expiry" value={expiry} onChange={setExpiry} error={fields.expiresAt} />
          <ModeField id="edit-embed-mode" value={mode} onChange={setMode} />
          <DialogFooter>
            <Button type="button" variant="ghost" disabled={pending} onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending || parseOriginLines(originsText).errors.length > 0}>
              {pending ? <Spinner /> : null}
              Save changes
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
