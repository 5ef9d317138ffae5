"use client";

import { CheckCircle2 } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { onColor, setupStrings } from "./setup-strings";

const LIVE_FIELDS = [
  ["phoneNumberId", "text", "numeric"],
  ["wabaId", "text", "numeric"],
  ["accessToken", "password", undefined],
  ["appSecret", "password", undefined],
  ["verifyToken", "text", undefined],
] as const;

export function SetupConnect({
  token,
  language,
  allowed,
  color,
}: {
  token: string;
  language: string;
  allowed: string[];
  color: string;
}) {
  const t = setupStrings(language);
  const liveType = allowed.includes("dedicated")
    ? "dedicated"
    : allowed.includes("coexistence")
      ? "coexistence"
      : null;
  const [choice, setChoice] = useState<"sandbox" | "live">(allowed.includes("sandbox") ? "sandbox" : "live");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<{ display: string; redirecting: boolean }>();
  const [pending, start] = useTransition();
  const accent = { backgroundColor: color, color: onColor(color) };

  function connect(payload: Record<string, unknown>) {
    setError(undefined);
    setFields({});
    start(async () => {
      const res = await fetch(`/api/setup/${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
      const body = (await res.json().catch(() => ({}))) as {
        error?: string;
        fields?: Record<string, string>;
        redirectUrl?: string | null;
        displayPhoneNumber?: string;
        final?: boolean;
      };
      if (res.ok) {
        setDone({ display: body.displayPhoneNumber ?? "", redirecting: !!body.redirectUrl });
        if (body.redirectUrl) window.location.assign(body.redirectUrl);
        return;
      }
      // A refusal Meta gave (or a used/expired link) goes back to the app that sent the customer here.
      if (body.redirectUrl && (body.final || !body.fields)) {
        window.location.assign(body.redirectUrl);
        return;
      }
      setFields(body.fields ?? {});
      setError(body.error ?? "Something went wrong. Try again.");
    });
  }

  if (done)
    return (
      <div role="status" className="flex flex-col items-center gap-3 py-6 text-center">
        <CheckCircle2 className="size-10" style={{ color }} aria-hidden />
        <h2 className="text-lg font-semibold">{t.done}</h2>
        <p className="text-sm text-muted-foreground">
          {done.redirecting ? t.redirecting : t.doneText(done.display)}
        </p>
      </div>
    );

  return (
    <div className="space-y-4">
      {allowed.includes("sandbox") && liveType ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t.choose}</legend>
          {(
            [
              ["sandbox", t.sandbox, t.sandboxHint],
              ["live", t.live, t.liveHint],
            ] as const
          ).map(([v, label, hint]) => (
            <label
              key={v}
              className={cn("flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm")}
              style={choice === v ? { borderColor: color } : undefined}
            >
              <input
                type="radio"
                name="kind"
                value={v}
                checked={choice === v}
                onChange={() => setChoice(v)}
                className="mt-0.5"
                style={{ accentColor: color }}
              />
              <span>
                <span className="font-medium">{label}</span>
                <span className="block text-muted-foreground">{hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {choice === "sandbox" ? (
        <Button
          className="w-full"
          style={accent}
          disabled={pending}
          onClick={() => connect({ type: "sandbox" })}
        >
          {pending ? <Spinner /> : null}
          {pending ? t.connecting : t.connectSandbox}
        </Button>
      ) : (
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            connect({
              type: liveType,
              ...Object.fromEntries(LIVE_FIELDS.map(([name]) => [name, String(f.get(name) ?? "")])),
            });
          }}
        >
          {!allowed.includes("sandbox") ? (
            <p className="text-sm text-muted-foreground">{t.liveHint}</p>
          ) : null}
          {LIVE_FIELDS.map(([name, type, inputMode]) => (
            <div key={name} className="space-y-1">
              <Label htmlFor={`setup-${name}`}>{t[name]}</Label>
              <Input
                id={`setup-${name}`}
                name={name}
                type={type}
                inputMode={inputMode}
                autoComplete="off"
                required
                aria-invalid={!!fields[name]}
                aria-describedby={fields[name] ? `setup-${name}-error` : undefined}
              />
              {fields[name] ? (
                <p id={`setup-${name}-error`} className="text-sm text-destructive">
                  {fields[name]}
                </p>
              ) : null}
            </div>
          ))}
          <Button type="submit" className="w-full" style={accent} disabled={pending}>
            {pending ? <Spinner /> : null}
            {pending ? t.connecting : t.connectLive}
          </Button>
        </form>
      )}
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
