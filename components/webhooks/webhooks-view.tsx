"use client";

import { Copy, Webhook } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import {
  deleteWebhookAction,
  rotateSecretAction,
  testWebhookAction,
  updateWebhookAction,
} from "@/lib/webhooks/actions";
import type { WebhookDto } from "@/lib/webhooks/data";
import { NUMBER_EVENTS, PROJECT_EVENTS } from "@/lib/webhooks/events";
import { type NumberOption, selectClass, WebhookDialog } from "./webhook-form";

function StatusBadge({ w }: { w: WebhookDto }) {
  if (w.status === "active") return <Badge variant="outline">Active</Badge>;
  if (w.status === "paused")
    return (
      <Badge
        variant="secondary"
        className="bg-amber-500/15 text-amber-900 dark:text-amber-200"
        title={w.paused_reason ?? ""}
      >
        Paused
      </Badge>
    );
  return <Badge variant="secondary">Disabled</Badge>;
}

function SecretDialog({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  return (
    <Dialog open={secret !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Signing secret</DialogTitle>
          <DialogDescription>
            Copy it now: it is shown only once. Verify each delivery by computing the HMAC-SHA256 of the raw
            body with this secret and comparing it (hex) with X-Webhook-Signature.
          </DialogDescription>
        </DialogHeader>
        <code
          data-testid="webhook-secret"
          className="block break-all rounded-md bg-muted p-3 font-mono text-sm"
        >
          {secret}
        </code>
        <DialogFooter>
          <Button
            variant="outline"
            onClick={() => {
              void navigator.clipboard?.writeText(secret ?? "");
              toast.success("Secret copied");
            }}
          >
            <Copy className="size-4" aria-hidden="true" /> Copy
          </Button>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function TestEvent({ projectId, w }: { projectId: string; w: WebhookDto }) {
  const [pending, start] = useTransition();
  const events = (w.number_id ? NUMBER_EVENTS : PROJECT_EVENTS) as readonly string[];
  const [event, setEvent] = useState<string>(w.events[0] ?? events[0] ?? "");
  const router = useRouter();
  // A meta webhook is sent what it forwards: a sample Meta envelope (of a received message).
  const meta = w.kind === "meta";
  return (
    <div className="flex max-w-full flex-wrap items-center gap-1">
      {meta ? null : (
        <select
          aria-label={`Test event for ${w.url}`}
          className={`${selectClass} min-w-0 max-w-full`}
          value={event}
          onChange={(e) => setEvent(e.target.value)}
        >
          {events.map((e) => (
            <option key={e} value={e}>
              {e.replace("whatsapp.", "")}
            </option>
          ))}
        </select>
      )}
      <Button
        size="sm"
        variant="outline"
        disabled={pending || w.status !== "active"}
        onClick={() =>
          start(async () => {
            const r = await testWebhookAction({
              projectId,
              webhookId: w.id,
              event_type: meta ? "whatsapp.message.received" : event,
            });
            if (!r.ok) toast.error(r.error);
            else if (r.data.success) toast.success(`Delivered: HTTP ${r.data.status_code}`);
            else toast.error(`Not delivered: ${r.data.error ?? `HTTP ${r.data.status_code}`}`);
            router.refresh();
          })
        }
      >
        Send test
      </Button>
    </div>
  );
}

function Row({
  projectId,
  w,
  numbers,
  retryDelays,
  onSecret,
}: {
  projectId: string;
  w: WebhookDto;
  numbers: NumberOption[];
  retryDelays: number[];
  onSecret: (s: string) => void;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [pending, start] = useTransition();
  const toggle = (active: boolean) =>
    start(async () => {
      const r = await updateWebhookAction({ projectId, webhookId: w.id, active });
      if (!r.ok) toast.error(r.error);
      else toast.success(active ? "Webhook enabled" : "Webhook disabled");
      router.refresh();
    });
  return (
    <li data-testid="webhook-row" data-status={w.status} className="space-y-2 rounded-lg border p-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="break-all font-mono text-sm">{w.url}</span>
            <StatusBadge w={w} />
            {w.kind === "meta" ? <Badge variant="secondary">Meta</Badge> : null}
            <Badge variant="outline">{w.payload_version}</Badge>
            {w.buffer_enabled ? <Badge variant="outline">Buffered {w.buffer_window_seconds}s</Badge> : null}
          </div>
          <p className="text-xs text-muted-foreground">
            {w.kind === "meta" ? "Raw Meta webhooks" : w.events.join(", ")}
          </p>
          {w.status === "paused" ? (
            <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
              {w.paused_reason} Fix the endpoint, then enable it again.
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <TestEvent projectId={projectId} w={w} />
          {w.status === "active" ? (
            <Button size="sm" variant="ghost" disabled={pending} onClick={() => toggle(false)}>
              Disable
            </Button>
          ) : (
            <Button size="sm" disabled={pending} onClick={() => toggle(true)}>
              Enable
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
            Edit
          </Button>
          <ConfirmButton
            label="Rotate secret"
            ariaLabel={`Rotate the secret of ${w.url}`}
            title="Rotate the signing secret?"
            description="Deliveries are signed with the new secret from now on; your endpoint must switch to it. The new secret is shown once."
            confirmLabel="Rotate"
            onConfirm={async () => {
              const r = await rotateSecretAction({ projectId, webhookId: w.id });
              if (!r.ok) toast.error(r.error);
              else onSecret(r.data.secret);
            }}
          />
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete ${w.url}`}
            title="Delete this webhook?"
            description="No more deliveries are sent to it, and its delivery log is deleted with it. This cannot be undone."
            confirmLabel="Delete webhook"
            onConfirm={async () => {
              const r = await deleteWebhookAction({ projectId, webhookId: w.id });
              if (!r.ok) toast.error(r.error);
              else toast.success("Webhook deleted");
              router.refresh();
            }}
          />
        </div>
      </div>
      {editing ? (
        <WebhookDialog
          projectId={projectId}
          numbers={numbers}
          webhook={w}
          retryDelays={retryDelays}
          open={editing}
          onOpenChange={(o) => {
            setEditing(o);
            if (!o) router.refresh();
          }}
        />
      ) : null}
    </li>
  );
}

export function WebhooksView({
  projectId,
  webhooks,
  numbers,
  retryDelays,
}: {
  projectId: string;
  webhooks: WebhookDto[];
  numbers: NumberOption[];
  /** The server's retry schedule in seconds, for the dialogs. */
  retryDelays: number[];
}) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const groups = [
    {
      id: "project",
      title: "Project webhooks",
      hint: "Number lifecycle and workflow execution events.",
      rows: webhooks.filter((w) => !w.number_id),
    },
    ...numbers.map((n) => ({
      id: n.id,
      title: `Number ${n.label}`,
      hint: "Message and conversation events of this number.",
      rows: webhooks.filter((w) => w.number_id === n.id),
    })),
  ];
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          <CardTitle>Your endpoints</CardTitle>
          <CardDescription>
            A webhook is paused automatically when more than 85% of at least 20 deliveries fail within 15
            minutes; the pause shows here, and every member is emailed when the server has SMTP_URL set.
          </CardDescription>
        </div>
        {webhooks.length > 0 ? <Button onClick={() => setCreating(true)}>Add webhook</Button> : null}
      </CardHeader>
      <CardContent className="space-y-6">
        {webhooks.length === 0 ? (
          <EmptyState
            icon={Webhook}
            title="No webhooks yet"
            description="Add an endpoint to receive signed deliveries when customers write, messages change status, conversations start or end, or a workflow hands off."
            action={<Button onClick={() => setCreating(true)}>Add webhook</Button>}
          />
        ) : (
          groups
            .filter((g) => g.rows.length > 0)
            .map((g) => (
              <section key={g.id} aria-label={g.title} className="space-y-2">
                <div>
                  <h2 className="text-sm font-semibold">{g.title}</h2>
                  <p className="text-xs text-muted-foreground">{g.hint}</p>
                </div>
                <ul className="space-y-2">
                  {g.rows.map((w) => (
                    <Row
                      key={w.id}
                      projectId={projectId}
                      w={w}
                      numbers={numbers}
                      retryDelays={retryDelays}
                      onSecret={setSecret}
                    />
                  ))}
                </ul>
              </section>
            ))
        )}
      </CardContent>
      {creating ? (
        <WebhookDialog
          projectId={projectId}
          numbers={numbers}
          retryDelays={retryDelays}
          open={creating}
          onOpenChange={setCreating}
          onCreated={(s) => {
            setSecret(s);
            router.refresh();
          }}
        />
      ) : null}
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
