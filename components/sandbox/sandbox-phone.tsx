"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ImagePlus, MapPin, RefreshCw, Send, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { Logo } from "@/components/shell/logo";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { previewText } from "@/lib/messages/render";
import { fetchJson } from "@/lib/query-client";
import type { SandboxNumberOption } from "@/lib/sandbox/phone";
import { cn, initials } from "@/lib/utils";
import { BusinessInfo } from "./business-info";
import { PhoneBubble } from "./phone-message";
import type { PhoneAction, PhoneMessage, PhoneView } from "./types";

const STORAGE_KEY = "switchboard.sandbox.customer";
// A new phone gets a name of its own, so several test customers are told apart in the inbox.
const FIRST_NAMES = [
  "Ana",
  "Bruno",
  "Chen",
  "Dara",
  "Emeka",
  "Farah",
  "Gus",
  "Hana",
  "Iker",
  "Jo",
  "Kofi",
  "Lena",
];
const randomCustomer = () => {
  const waId = `1555${String(Math.floor(1e6 + Math.random() * 9e6))}`;
  const first = FIRST_NAMES[Math.floor(Math.random() * FIRST_NAMES.length)];
  return { waId, name: `${first} (test ${waId.slice(-4)})` };
};

function useCustomer() {
  const [customer, setCustomer] = useState<{ waId: string; name: string } | null>(null);
  useEffect(() => {
    const saved = localStorage.getItem(STORAGE_KEY);
    setCustomer(saved ? JSON.parse(saved) : randomCustomer());
  }, []);
  useEffect(() => {
    if (customer) localStorage.setItem(STORAGE_KEY, JSON.stringify(customer));
  }, [customer]);
  return [customer, setCustomer] as const;
}

async function post(body: unknown, file?: File) {
  if (!file)
    return fetchJson<{ wamid: string }>("/api/sandbox/phone", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const form = new FormData();
  form.set("payload", JSON.stringify(body));
  form.set("file", file);
  return fetchJson<{ wamid: string }>("/api/sandbox/phone", { method: "POST", body: form });
}

export function SandboxPhone({ numbers }: { numbers: SandboxNumberOption[] }) {
  const [numberId, setNumberId] = useState(numbers[0]?.id ?? "");
  const [customer, setCustomer] = useCustomer();
  const [text, setText] = useState("");
  const [replyTo, setReplyTo] = useState<PhoneMessage | null>(null);
  const [info, setInfo] = useState(false);
  const businessName = numbers.find((n) => n.id === numberId)?.verifiedName ?? "Business";
  const fileRef = useRef<HTMLInputElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const valid = !!customer && /^\d{8,15}$/.test(customer.waId) && customer.name.trim().length > 0;

  const view = useQuery({
    queryKey: ["sandbox-phone", numberId, customer?.waId],
    queryFn: () =>
      fetchJson<PhoneView>(
        `/api/sandbox/phone?numberId=${encodeURIComponent(numberId)}&customer=${customer?.waId}`,
      ),
    enabled: !!numberId && valid,
    refetchInterval: 1000,
  });

  const act = useMutation({
    mutationFn: ({ body, file }: { body: Record<string, unknown>; file?: File }) =>
      post({ numberId, customer, ...body }, file),
    onSuccess: () => void view.refetch(),
    onError: (e) => toast.error(e.message),
  });

  const messages = view.data?.messages ?? [];
  const byId = useMemo(() => new Map(messages.map((m) => [m.wamid, m])), [messages]);
  const reactions = useMemo(() => {
    const out = new Map<string, Map<string, string>>();
    for (const m of messages) {
      const r =
        m.type === "reaction"
          ? (m.payload.reaction as { message_id?: string; emoji?: string } | undefined)
          : undefined;
      if (!r?.message_id) continue;
      const perSender = out.get(r.message_id) ?? new Map<string, string>();
      if (r.emoji) perSender.set(m.direction, r.emoji);
      else perSender.delete(m.direction);
      out.set(r.message_id, perSender);
    }
    return out;
  }, [messages]);
  const visible = messages.filter((m) => m.type !== "reaction");

  const count = visible.length;
  useEffect(() => {
    if (count > 0) scrollRef.current?.scrollTo({ top: scrollRef.current.scrollHeight });
  }, [count]);

  if (numbers.length === 0) {
    return (
      <main className="flex min-h-dvh items-center justify-center p-4">
        <EmptyState
          title="No sandbox number yet"
          description="Create a project or add a sandbox number under Numbers first."
          action={
            <Button asChild>
              <Link href="/">Back to Switchboard</Link>
            </Button>
          }
        />
      </main>
    );
  }

  const sendText = () => {
    if (!text.trim()) return;
    act.mutate({ body: { kind: "text", text, ...(replyTo ? { replyTo: replyTo.wamid } : {}) } });
    setText("");
    setReplyTo(null);
  };
  const onAction = (a: PhoneAction) => act.mutate({ body: { ...a } });
  const onReact = (m: PhoneMessage, emoji: string) =>
    act.mutate({
      body: {
        kind: "reaction",
        messageId: m.wamid,
        emoji: reactions.get(m.wamid)?.get("FROM_CUSTOMER") === emoji ? undefined : emoji,
      },
    });

  return (
    <main className="mx-auto flex min-h-dvh max-w-5xl flex-col gap-6 p-4 md:flex-row md:items-start md:p-8">
      <section className="w-full space-y-4 md:w-72">
        <Logo />
        <div>
          <h1 className="text-lg font-semibold">Sandbox phone</h1>
          <p className="text-sm text-muted-foreground">
            Chat as a customer with a sandbox number. Messages reach the app through the same signed webhook a
            live number uses.
          </p>
        </div>
        <div className="space-y-2">
          <Label htmlFor="sandbox-number">Business number</Label>
          <Select value={numberId} onValueChange={setNumberId}>
            <SelectTrigger id="sandbox-number" className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {numbers.map((n) => (
                <SelectItem key={n.id} value={n.id}>
                  {n.displayPhoneNumber} · {n.projectName}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {customer ? (
          <div className="space-y-2">
            <Label htmlFor="customer-phone">Customer phone (digits)</Label>
            <Input
              id="customer-phone"
              inputMode="numeric"
              value={customer.waId}
              aria-invalid={!/^\d{8,15}$/.test(customer.waId)}
              onChange={(e) => setCustomer({ ...customer, waId: e.target.value.replace(/\D/g, "") })}
            />
            <Label htmlFor="customer-name">Customer name</Label>
            <Input
              id="customer-name"
              value={customer.name}
              onChange={(e) => setCustomer({ ...customer, name: e.target.value })}
            />
            <Button variant="outline" size="sm" onClick={() => setCustomer(randomCustomer())}>
              <RefreshCw className="size-4" /> New customer
            </Button>
          </div>
        ) : null}
      </section>

      <section
        aria-label="Simulated phone"
        className="mx-auto flex h-[min(720px,calc(100dvh-2rem))] w-full max-w-sm flex-col overflow-hidden rounded-[2rem] border-8 border-zinc-900 bg-[#efeae2] shadow-xl dark:border-zinc-700 dark:bg-zinc-950"
      >
        <header className="flex items-center gap-3 bg-emerald-700 px-4 py-3 text-white">
          <div className="flex size-8 items-center justify-center rounded-full bg-white/20 text-sm font-semibold">
            {initials(businessName, "")}
          </div>
          <button
            type="button"
            className="min-w-0 text-left"
            aria-label="Business info"
            onClick={() => setInfo((v) => !v)}
          >
            <p className="truncate text-sm font-semibold">{businessName}</p>
            <p className="truncate text-xs opacity-80">{view.data?.number.displayPhoneNumber ?? ""}</p>
          </button>
        </header>
        {info && numberId ? <BusinessInfo numberId={numberId} onBack={() => setInfo(false)} /> : null}
        <div
          ref={scrollRef}
          className={cn("flex-1 space-y-3 overflow-y-auto p-3", info && "hidden")}
          data-testid="phone-thread"
        >
          {view.isError ? (
            <p className="rounded bg-destructive/10 p-2 text-xs text-destructive">{view.error.message}</p>
          ) : null}
          {visible.length === 0 && !view.isPending ? (
            <p className="mx-auto mt-8 max-w-56 rounded-lg bg-amber-50 p-2 text-center text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100">
              Say hello to start a conversation. The 24-hour window opens with your first message.
            </p>
          ) : null}
          {visible.map((m) => {
            const ctx = m.payload.context as { id?: string; message_id?: string } | undefined;
            return (
              <PhoneBubble
                numberId={numberId}
                key={m.wamid}
                m={m}
                quoted={byId.get(ctx?.id ?? ctx?.message_id ?? "")}
                reactions={[...(reactions.get(m.wamid)?.values() ?? [])]}
                templates={view.data?.templates ?? []}
                onAction={onAction}
                onReply={setReplyTo}
                onReact={onReact}
              />
            );
          })}
        </div>
        {replyTo ? (
          <div className="flex items-center gap-2 border-t bg-background/90 px-3 py-1.5 text-xs">
            <span className="min-w-0 flex-1 truncate border-l-2 border-emerald-500 pl-2">
              {previewText(replyTo)}
            </span>
            <button type="button" aria-label="Cancel reply" onClick={() => setReplyTo(null)}>
              <X className="size-4" />
            </button>
          </div>
        ) : null}
        <form
          className="flex items-center gap-1.5 bg-background/90 p-2"
          onSubmit={(e) => {
            e.preventDefault();
            sendText();
          }}
        >
          <input
            ref={fileRef}
            type="file"
            accept="image/jpeg,image/png"
            className="hidden"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) act.mutate({ body: { kind: "image", ...(text ? { text } : {}) }, file });
              e.target.value = "";
              setText("");
            }}
          />
          <Button
            type="button"
            size="icon"
            variant="ghost"
            aria-label="Send a photo"
            onClick={() => fileRef.current?.click()}
            disabled={!valid}
          >
            <ImagePlus className="size-5" />
          </Button>
          <Button
            type="button"
            size="icon"
            variant="ghost"
            aria-label="Share location"
            disabled={!valid}
            onClick={() =>
              act.mutate({
                body: {
                  kind: "location",
                  latitude: 40.4168,
                  longitude: -3.7038,
                  name: "Puerta del Sol",
                  address: "Madrid",
                },
              })
            }
          >
            <MapPin className="size-5" />
          </Button>
          <Input
            aria-label="Message"
            placeholder="Message"
            value={text}
            onChange={(e) => setText(e.target.value)}
            disabled={!valid}
            className="rounded-full"
          />
          <Button
            type="submit"
            size="icon"
            aria-label="Send"
            disabled={!valid || !text.trim() || act.isPending}
            className="rounded-full"
          >
            <Send className="size-4" />
          </Button>
        </form>
      </section>
    </main>
  );
}
