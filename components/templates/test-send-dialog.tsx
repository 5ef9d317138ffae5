"use client";

import { useEffect, useMemo, useState, useTransition } from "react";
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
import { testConversationsAction } from "@/lib/templates/actions";
import type { TemplateRow } from "@/lib/templates/list-data";
import { sendComponents, sendSlots } from "@/lib/templates/send-components";
import { NativeSelect } from "./native-select";

/** Sends an approved template to one of the account's conversations, with its examples as the values. */
export function TestSendDialog({
  projectId,
  wabaId,
  template,
  onClose,
}: {
  projectId: string;
  wabaId: string;
  template: TemplateRow;
  onClose: () => void;
}) {
  const slots = useMemo(() => sendSlots(template.components), [template.components]);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(slots.map((s) => [s.id, s.example ?? ""])),
  );
  const [conversations, setConversations] = useState<{ id: string; label: string }[] | null>(null);
  const [conversationId, setConversationId] = useState("");
  const [pending, start] = useTransition();
  useEffect(() => {
    void testConversationsAction({ projectId, wabaId }).then((r) => {
      const list = r.ok ? r.data : [];
      setConversations(list);
      setConversationId(list[0]?.id ?? "");
    });
  }, [projectId, wabaId]);
  const missing = !conversationId || slots.some((s) => !(values[s.id] ?? "").trim());
  const send = () =>
    start(async () => {
      const res = await fetch(`/api/projects/${projectId}/inbox/conversations/${conversationId}/templates`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          name: template.name,
          language: template.language,
          components: sendComponents(template.components, template.parameterFormat, values),
        }),
      });
      const json = (await res.json().catch(() => ({}))) as { error?: string };
      if (!res.ok) toast.error(json.error ?? "The test send failed.");
      else {
        toast.success(`Sent ${template.name}.`);
        onClose();
      }
    });
  return (
    <Dialog open onOpenChange={(o) => !o && !pending && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Test send {template.name}</DialogTitle>
          <DialogDescription>
            Sends the template to a conversation of this account, as an operator would.
          </DialogDescription>
        </DialogHeader>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (!missing) send();
          }}
        >
          <div className="space-y-1">
            <Label htmlFor="test-conversation">Conversation</Label>
            {conversations === null ? (
              <Spinner />
            ) : conversations.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                No conversation on this account yet: write to the number from the Sandbox phone first.
              </p>
            ) : (
              <NativeSelect
                id="test-conversation"
                className="w-full"
                value={conversationId}
                onChange={(e) => setConversationId(e.target.value)}
              >
                {conversations.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </NativeSelect>
            )}
          </div>
          {slots.map((s) => (
            <div key={s.id} className="space-y-1">
              <Label htmlFor={`test-${s.id}`}>{s.label}</Label>
              <Input
                id={`test-${s.id}`}
                value={values[s.id] ?? ""}
                placeholder={s.kind === "text" ? undefined : "https://…"}
                onChange={(e) => setValues((v) => ({ ...v, [s.id]: e.target.value }))}
              />
            </div>
          ))}
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" disabled={missing || pending}>
              {pending ? <Spinner /> : null}
              Send test
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
