"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2, Zap } from "lucide-react";
import { type FormEvent, useState, useTransition } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import {
  createTriggerAction,
  deleteTriggerAction,
  listTriggersAction,
  setTriggerActiveAction,
} from "@/lib/workflows/actions";
import { unwrap, workflowKeys } from "@/lib/workflows/query-keys";
import { TRIGGER_EVENTS, type TriggerType } from "@/lib/workflows/schema";
import type { TriggerDto } from "@/lib/workflows/triggers";

export interface TriggerNumberOption {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string;
}

const TYPE_LABEL: Record<TriggerType, string> = {
  INBOUND_MESSAGE: "Inbound message",
  WHATSAPP_EVENT: "WhatsApp event",
  API_CALL: "API call",
};
const ANY = "__any__";

function summary(t: TriggerDto): string {
  const number = t.phoneNumber ? t.phoneNumber.displayPhoneNumber : "any number";
  if (t.type === "INBOUND_MESSAGE") return `Messages to ${number}`;
  if (t.type === "WHATSAPP_EVENT") return `${t.eventType} on ${number}`;
  return "POST /platform/v1/workflows/{id}/executions";
}

function TriggerRow({
  projectId,
  trigger,
  canEdit,
  onChanged,
}: {
  projectId: string;
  trigger: TriggerDto;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const [pending, start] = useTransition();
  const toggle = () =>
    start(async () => {
      const r = await setTriggerActiveAction({ projectId, triggerId: trigger.id, active: !trigger.active });
      if (!r.ok) toast.error(r.error);
      onChanged();
    });
  const remove = () =>
    start(async () => {
      const r = await deleteTriggerAction({ projectId, triggerId: trigger.id });
      if (!r.ok) toast.error(r.error);
      onChanged();
    });
  return (
    <li className="flex items-center gap-3 px-3 py-2" data-testid="trigger-row" data-active={trigger.active}>
      <div className="min-w-0 flex-1">
        <div className="text-sm font-medium">{TYPE_LABEL[trigger.type]}</div>
        <div className="truncate text-xs text-muted-foreground">{summary(trigger)}</div>
      </div>
      {canEdit ? (
        <>
          <label className="flex items-center gap-1.5 text-xs">
            <input
              type="checkbox"
              className="size-4 accent-primary"
              checked={trigger.active}
              disabled={pending}
              onChange={toggle}
              aria-label={`${trigger.active ? "Deactivate" : "Activate"} ${TYPE_LABEL[trigger.type]} trigger`}
            />
            Active
          </label>
          <Button
            size="icon"
            variant="ghost"
            className="size-8"
            aria-label="Delete trigger"
            disabled={pending}
            onClick={remove}
          >
            {pending ? <Spinner /> : <Trash2 className="size-4" />}
          </Button>
        </>
      ) : (
        <Badge variant={trigger.active ? "outline" : "secondary"}>{trigger.active ? "Active" : "Off"}</Badge>
      )}
    </li>
  );
}

function AddTrigger({
  projectId,
  workflowId,
  numbers,
  onAdded,
}: {
  projectId: string;
  workflowId: string;
  numbers: TriggerNumberOption[];
  onAdded: () => void;
}) {
  const [type, setType] = useState<TriggerType>("INBOUND_MESSAGE");
  const [numberId, setNumberId] = useState<string>(numbers[0]?.id ?? "");
  const [eventNumberId, setEventNumberId] = useState<string>(ANY);
  const [eventType, setEventType] = useState<string>(TRIGGER_EVENTS[0]);
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();

  function submit(e: FormEvent) {
    e.preventDefault();
    const trigger =
      type === "INBOUND_MESSAGE"
        ? { type, phoneNumberId: numberId }
        : type === "WHATSAPP_EVENT"
          ? { type, eventType, phoneNumberId: eventNumberId === ANY ? null : eventNumberId }
          : { type };
    start(async () => {
      const r = await createTriggerAction({ projectId, workflowId, trigger });
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setError(undefined);
      onAdded();
    });
  }

  const numberItems = numbers.map((n) => (
    <SelectItem key={n.id} value={n.id}>
      {n.displayPhoneNumber} · {n.verifiedName}
    </SelectItem>
  ));

  return (
    <form onSubmit={submit} className="space-y-3 rounded-md border p-3" aria-label="Add trigger">
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1.5">
          <Label htmlFor="trigger-type">Starts when</Label>
          <Select value={type} onValueChange={(v) => setType(v as TriggerType)}>
            <SelectTrigger id="trigger-type" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {(Object.keys(TYPE_LABEL) as TriggerType[]).map((t) => (
                <SelectItem key={t} value={t}>
                  {TYPE_LABEL[t]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {type === "INBOUND_MESSAGE" ? (
          <div className="space-y-1.5">
            <Label htmlFor="trigger-number">Number</Label>
            <Select value={numberId} onValueChange={setNumberId}>
              <SelectTrigger id="trigger-number" className="w-full">
                <SelectValue placeholder="Choose a number" />
              </SelectTrigger>
              <SelectContent>{numberItems}</SelectContent>
            </Select>
          </div>
        ) : null}
        {type === "WHATSAPP_EVENT" ? (
          <>
            <div className="space-y-1.5">
              <Label htmlFor="trigger-event">Event</Label>
              <Select value={eventType} onValueChange={setEventType}>
                <SelectTrigger id="trigger-event" className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {TRIGGER_EVENTS.map((ev) => (
                    <SelectItem key={ev} value={ev}>
                      {ev}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="space-y-1.5">
              <Label htmlFor="trigger-event-number">Number</Label>
              <Select value={eventNumberId} onValueChange={setEventNumberId}>
                <SelectTrigger id="trigger-event-number" className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value={ANY}>Any number</SelectItem>
                  {numberItems}
                </SelectContent>
              </Select>
            </div>
          </>
        ) : null}
      </div>
      {type === "WHATSAPP_EVENT" ? (
        <p className="text-xs text-muted-foreground">
          Event workflows run in observer mode: send steps only send when they set a “to” number.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" size="sm" disabled={pending || (type === "INBOUND_MESSAGE" && !numberId)}>
          {pending ? <Spinner /> : null}
          Add trigger
        </Button>
      </div>
    </form>
  );
}

/** A workflow's triggers: list, add, switch on and off, delete. One active inbound trigger per number. */
export function TriggersPanel({
  projectId,
  workflowId,
  numbers,
  canEdit,
}: {
  projectId: string;
  workflowId: string;
  numbers: TriggerNumberOption[];
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const triggers = useQuery({
    queryKey: workflowKeys.triggers(projectId, workflowId),
    queryFn: async () => unwrap(await listTriggersAction({ projectId, workflowId })),
  });
  // Another workflow's trigger may have been the one that blocked us; refetch every trigger list.
  const changed = () =>
    void queryClient.invalidateQueries({
      predicate: (q) =>
        q.queryKey[0] === "workflows" && q.queryKey[1] === projectId && q.queryKey[2] === "triggers",
    });

  return (
    <div className="space-y-3">
      {triggers.isPending ? (
        <Skeleton className="h-14 w-full" />
      ) : triggers.isError ? (
        <p role="alert" className="text-sm text-destructive">
          Could not load triggers: {triggers.error.message}
        </p>
      ) : triggers.data.length === 0 ? (
        <EmptyState
          icon={Zap}
          title="No triggers"
          description="Without a trigger the workflow never starts. Add one below."
          className="py-6"
        />
      ) : (
        <ul className="divide-y rounded-md border" aria-label="Triggers">
          {triggers.data.map((t) => (
            <TriggerRow key={t.id} projectId={projectId} trigger={t} canEdit={canEdit} onChanged={changed} />
          ))}
        </ul>
      )}
      {canEdit ? (
        <AddTrigger projectId={projectId} workflowId={workflowId} numbers={numbers} onAdded={changed} />
      ) : null}
    </div>
  );
}
