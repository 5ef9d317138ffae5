"use client";

import { FlaskConical, Plug } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
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
import { addSandboxNumberAction, connectLiveNumberAction } from "@/lib/numbers/actions";

function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function AddNumberButtons({ projectId }: { projectId: string }) {
  const router = useRouter();
  const [connecting, setConnecting] = useState(false);
  const [pending, start] = useTransition();

  function addSandbox() {
    start(async () => {
      const r = await addSandboxNumberAction({ projectId, name: "Sandbox" });
      if (!r.ok) toast.error(r.error);
      else toast.success("Sandbox number added");
      router.refresh();
    });
  }

  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="outline" onClick={addSandbox} disabled={pending}>
        {pending ? <Spinner /> : <FlaskConical />}
        Add sandbox number
      </Button>
      <Button onClick={() => setConnecting(true)}>
        <Plug />
        Connect live number
      </Button>
      <ConnectLiveNumberDialog projectId={projectId} open={connecting} onOpenChange={setConnecting} />
    </div>
  );
}

const CONNECT_FIELDS = [
  { name: "phoneNumberId", label: "Phone number ID", type: "text", inputMode: "numeric" },
  { name: "wabaId", label: "WhatsApp Business Account ID", type: "text", inputMode: "numeric" },
  { name: "accessToken", label: "Access token", type: "password" },
  { name: "appSecret", label: "App secret", type: "password" },
] as const;
const FIELD_NAMES = [...CONNECT_FIELDS.map((f) => f.name), "verifyToken"];

function ConnectLiveNumberDialog({
  projectId,
  open,
  onOpenChange,
}: {
  projectId: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  // The form mounts on each opening, so every attempt starts clean with a fresh verify token.
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {open ? <ConnectLiveNumberForm projectId={projectId} onDone={() => onOpenChange(false)} /> : null}
    </Dialog>
  );
}

function ConnectLiveNumberForm({ projectId, onDone }: { projectId: string; onDone: () => void }) {
  const router = useRouter();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  // Client-only: this component renders only after a click.
  const [verifyToken, setVerifyToken] = useState(() => randomHex(12));
  const [pending, start] = useTransition();

  // onSubmit rather than a form action, so a rejected submit keeps the pasted credentials.
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (k: string) => String(form.get(k) ?? "");
    start(async () => {
      const r = await connectLiveNumberAction({
        projectId,
        phoneNumberId: value("phoneNumberId"),
        wabaId: value("wabaId"),
        accessToken: value("accessToken"),
        appSecret: value("appSecret"),
        verifyToken,
      });
      if (!r.ok) {
        const f = r.fields ?? {};
        setFields(f);
        // Fall back to the message when no field shown here carries it.
        setError(FIELD_NAMES.some((k) => f[k]) ? undefined : r.error);
        return;
      }
      toast.success("Live number connected");
      onDone();
      router.refresh();
    });
  }

  // Keep the dialog open while Meta is being asked.
  const guard = (e: Event) => {
    if (pending) e.preventDefault();
  };

  return (
    <DialogContent
      className="sm:max-w-md"
      showCloseButton={!pending}
      onEscapeKeyDown={guard}
      onInteractOutside={guard}
    >
      <DialogHeader>
        <DialogTitle>Connect live number</DialogTitle>
        <DialogDescription>
          Use the IDs and a permanent system-user token from your Meta app (WhatsApp → API Setup). They are
          checked with Meta before the number is saved.
        </DialogDescription>
      </DialogHeader>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
        {CONNECT_FIELDS.map((f, i) => (
          <div key={f.name} className="space-y-2">
            <Label htmlFor={`number-${f.name}`}>{f.label}</Label>
            <Input
              id={`number-${f.name}`}
              name={f.name}
              type={f.type}
              inputMode={"inputMode" in f ? f.inputMode : undefined}
              autoComplete="off"
              autoFocus={i === 0}
              className={f.type === "text" ? "font-mono" : undefined}
              aria-invalid={!!fields[f.name]}
              aria-describedby={fields[f.name] ? `number-${f.name}-error` : undefined}
              disabled={pending}
              required
            />
            {fields[f.name] ? (
              <p id={`number-${f.name}-error`} className="text-sm text-destructive">
                {fields[f.name]}
              </p>
            ) : null}
          </div>
        ))}
        <div className="space-y-2">
          <Label htmlFor="number-verifyToken">Verify token</Label>
          <Input
            id="number-verifyToken"
            name="verifyToken"
            value={verifyToken}
            onChange={(e) => setVerifyToken(e.target.value)}
            autoComplete="off"
            className="font-mono"
            aria-invalid={!!fields.verifyToken}
            aria-describedby="number-verifyToken-hint"
            disabled={pending}
            required
          />
          {fields.verifyToken ? (
            <p className="text-sm text-destructive">{fields.verifyToken}</p>
          ) : (
            <p id="number-verifyToken-hint" className="text-xs text-muted-foreground">
              Paste this into Meta's webhook settings.
            </p>
          )}
        </div>
        <DialogFooter>
          <Button type="button" variant="ghost" onClick={onDone} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? <Spinner /> : null}
            {pending ? "Checking with Meta…" : "Connect number"}
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
