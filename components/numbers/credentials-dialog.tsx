"use client";

import { useRouter } from "next/navigation";
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
import { keepInput, useActionForm } from "@/components/ui/use-action-form";
import { updateNumberCredentialsAction } from "@/lib/numbers/actions";

const FIELDS = [
  { name: "accessToken", label: "New access token", hint: "Checked with Meta before it is saved." },
  { name: "appSecret", label: "New app secret", hint: "App settings → Basic in your Meta app." },
  { name: "verifyToken", label: "New verify token", hint: "Then paste it into Meta's webhook settings." },
] as const;

/** Replaces a live number's token, app secret or verify token; blank fields keep what is saved. */
export function CredentialsDialog({
  projectId,
  number,
  open,
  onOpenChange,
}: {
  projectId: string;
  number: { id: string; displayPhoneNumber: string };
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const { fields, error, pending, reset, submit } = useActionForm({ alwaysShowError: true });
  const guard = (e: Event) => {
    if (pending) e.preventDefault();
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) reset();
        onOpenChange(o);
      }}
    >
      <DialogContent className="sm:max-w-md" onEscapeKeyDown={guard} onInteractOutside={guard}>
        <DialogHeader>
          <DialogTitle>Update credentials of {number.displayPhoneNumber}</DialogTitle>
          <DialogDescription>
            Fill in only what changed (a rotated token, a new app secret); blank fields keep their saved
            value. Saved values are never shown.
          </DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="space-y-4"
          onSubmit={keepInput((form) =>
            submit(
              () =>
                updateNumberCredentialsAction({
                  projectId,
                  numberId: number.id,
                  accessToken: String(form.get("accessToken") ?? ""),
                  appSecret: String(form.get("appSecret") ?? ""),
                  verifyToken: String(form.get("verifyToken") ?? ""),
                }),
              () => {
                toast.success(`Credentials of ${number.displayPhoneNumber} updated`);
                onOpenChange(false);
                router.refresh();
              },
            ),
          )}
        >
          {error ? (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          {FIELDS.map((f, i) => (
            <div key={f.name} className="space-y-2">
              <Label htmlFor={`cred-${f.name}`}>{f.label}</Label>
              <Input
                id={`cred-${f.name}`}
                name={f.name}
                type={f.name === "verifyToken" ? "text" : "password"}
                autoComplete="off"
                autoFocus={i === 0}
                className="font-mono"
                aria-invalid={!!fields[f.name]}
                aria-describedby={`cred-${f.name}-note`}
                disabled={pending}
              />
              <p
                id={`cred-${f.name}-note`}
                className={fields[f.name] ? "text-sm text-destructive" : "text-xs text-muted-foreground"}
              >
                {fields[f.name] ?? f.hint}
              </p>
            </div>
          ))}
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner /> : null}
              {pending ? "Checking with Meta…" : "Save credentials"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
