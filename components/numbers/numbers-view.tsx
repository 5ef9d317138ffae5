"use client";

import { Copy, FlaskConical, MoreHorizontal, Phone, Plug } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  addSandboxNumberAction,
  checkNumberHealthAction,
  connectLiveNumberAction,
  deleteNumberAction,
} from "@/lib/numbers/actions";
import type { PhoneNumberDto } from "@/lib/numbers/data";
import { cn } from "@/lib/utils";

const QUALITY: Record<string, { label: string; dot: string }> = {
  GREEN: { label: "High", dot: "bg-emerald-500" },
  YELLOW: { label: "Medium", dot: "bg-amber-500" },
  RED: { label: "Low", dot: "bg-red-500" },
};

function Quality({ rating }: { rating: string | null }) {
  if (!rating) return <span className="text-muted-foreground">—</span>;
  const q = QUALITY[rating.toUpperCase()];
  const word = rating.charAt(0).toUpperCase() + rating.slice(1).toLowerCase();
  return (
    <span className="inline-flex items-center gap-2" title={q ? `Quality: ${q.label}` : undefined}>
      <span
        aria-hidden="true"
        className={cn("size-2 shrink-0 rounded-full", q?.dot ?? "bg-muted-foreground")}
      />
      {word}
    </span>
  );
}

/** Meta's tiers read TIER_250, TIER_1K, … TIER_UNLIMITED: business-initiated conversations a day. */
function tierLabel(tier: string | null): string {
  if (!tier) return "—";
  const m = /^TIER_(\w+)$/i.exec(tier);
  if (!m?.[1]) return tier;
  return m[1].toUpperCase() === "UNLIMITED" ? "Unlimited" : `${m[1].toUpperCase()} / day`;
}

function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, "0")).join("");
}

function copy(text: string, what: string) {
  void navigator.clipboard?.writeText(text).then(
    () => toast.success(`${what} copied`),
    () => toast.error("Copy failed; select the text instead"),
  );
}

/** "Add sandbox number" and "Connect live number": in the page header and the empty state. */
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

function NumberActions({ projectId, number }: { projectId: string; number: PhoneNumberDto }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();

  function checkHealth() {
    start(async () => {
      const r = await checkNumberHealthAction({ projectId, numberId: number.id });
      if (!r.ok) toast.error(r.error);
      else if (r.data.healthy) toast.success("Number is healthy");
      else toast.error(r.data.problem ?? "The number needs attention");
      router.refresh();
    });
  }

  function remove() {
    start(async () => {
      const r = await deleteNumberAction({ projectId, numberId: number.id });
      setConfirming(false);
      if (!r.ok) toast.error(r.error);
      else toast.success(`${number.displayPhoneNumber} was deleted`);
      router.refresh();
    });
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Actions for ${number.displayPhoneNumber}`}
            disabled={pending}
          >
            {pending ? <Spinner /> : <MoreHorizontal className="size-4" />}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-44">
          <DropdownMenuItem onSelect={checkHealth}>Check health</DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => setConfirming(true)}>
            Delete…
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <AlertDialog open={confirming} onOpenChange={(o) => !pending && setConfirming(o)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Delete {number.displayPhoneNumber}?</AlertDialogTitle>
            <AlertDialogDescription>
              The number is removed from this project together with all of its conversations and messages.
              This cannot be undone and they cannot be recovered.
              {number.kind === "LIVE"
                ? " The number itself stays in your WhatsApp Business Account; you can connect it again later."
                : null}
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
              disabled={pending}
              onClick={(e) => {
                e.preventDefault();
                remove();
              }}
            >
              {pending ? <Spinner /> : null}
              Delete number
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}

function KindBadge({ kind }: { kind: PhoneNumberDto["kind"] }) {
  return (
    <Badge variant={kind === "LIVE" ? "default" : "secondary"}>{kind === "LIVE" ? "Live" : "Sandbox"}</Badge>
  );
}

function WebhookCard({ webhookUrl }: { webhookUrl: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Webhook for live numbers</CardTitle>
        <CardDescription>
          Meta delivers incoming messages and status updates of live numbers here. Sandbox numbers need none
          of this.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <ol className="list-decimal space-y-2 pl-5 text-muted-foreground">
          <li>
            In Meta's app dashboard, open <span className="text-foreground">WhatsApp → Configuration</span>.
          </li>
          <li>
            Set the <span className="text-foreground">Callback URL</span> to the address below and the{" "}
            <span className="text-foreground">Verify token</span> to the one you chose when connecting the
            number.
          </li>
          <li>
            Subscribe to the <code className="font-mono text-foreground">messages</code> field, and also to{" "}
            <code className="font-mono text-foreground">message_template_status_update</code> and{" "}
            <code className="font-mono text-foreground">phone_number_quality_update</code>.
          </li>
        </ol>
        <div className="space-y-2">
          <Label htmlFor="webhook-url">Callback URL</Label>
          <div className="flex gap-2">
            <Input
              id="webhook-url"
              value={webhookUrl}
              readOnly
              className="font-mono"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button type="button" variant="outline" onClick={() => copy(webhookUrl, "Callback URL")}>
              <Copy className="size-4" />
              <span className="sr-only sm:not-sr-only">Copy</span>
            </Button>
          </div>
        </div>
      </CardContent>
    </Card>
  );
}

export function NumbersView({
  projectId,
  numbers,
  webhookUrl,
}: {
  projectId: string;
  numbers: PhoneNumberDto[];
  webhookUrl: string;
}) {
  return (
    <div className="space-y-6">
      {numbers.length === 0 ? (
        <EmptyState
          icon={Phone}
          title="No numbers yet"
          description="Add a sandbox number to try things out right away, or connect a live number from your WhatsApp Business Account."
          action={<AddNumberButtons projectId={projectId} />}
        />
      ) : (
        <Table aria-label="Numbers">
          <TableHeader>
            <TableRow>
              <TableHead>Number</TableHead>
              <TableHead className="hidden sm:table-cell">Kind</TableHead>
              <TableHead className="hidden md:table-cell">Quality</TableHead>
              <TableHead className="hidden md:table-cell">Messaging limit</TableHead>
              <TableHead>Health</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {numbers.map((n) => (
              <TableRow key={n.id} data-testid="number-row" data-phone-number-id={n.phoneNumberId}>
                <TableCell>
                  <div className="font-mono text-sm font-medium">{n.displayPhoneNumber}</div>
                  <div className="text-xs text-muted-foreground">
                    {n.verifiedName}
                    {n.customerName ? ` · ${n.customerName}` : null}
                  </div>
                  <div className="mt-1 sm:hidden">
                    <KindBadge kind={n.kind} />
                  </div>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  <KindBadge kind={n.kind} />
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  <Quality rating={n.qualityRating} />
                </TableCell>
                <TableCell
                  className={cn("hidden md:table-cell", !n.messagingLimitTier && "text-muted-foreground")}
                >
                  {tierLabel(n.messagingLimitTier)}
                </TableCell>
                <TableCell>
                  {n.healthy ? (
                    <Badge variant="outline">Healthy</Badge>
                  ) : (
                    <div className="space-y-1">
                      <Badge variant="destructive">Needs attention</Badge>
                      {n.healthError ? (
                        <p className="max-w-64 text-xs whitespace-normal text-destructive">{n.healthError}</p>
                      ) : null}
                    </div>
                  )}
                </TableCell>
                <TableCell>
                  <NumberActions projectId={projectId} number={n} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <WebhookCard webhookUrl={webhookUrl} />
    </div>
  );
}
