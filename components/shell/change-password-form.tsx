"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { changePasswordAction } from "@/lib/account/actions";

const FIELDS = [
  { id: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { id: "newPassword", label: "New password", autoComplete: "new-password" },
  { id: "confirmPassword", label: "Repeat new password", autoComplete: "new-password" },
] as const;

/** The first sign-in with a published password: nothing else opens until a new one is chosen. */
export function ChangePasswordForm({ email }: { email: string }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, start] = useTransition();
  return (
    <Card>
      <form
        noValidate
        // onSubmit rather than a form action: React resets a form after its action, and a refused
        // attempt should keep what was typed.
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          start(async () => {
            const r = await changePasswordAction(Object.fromEntries(form));
            if (r.ok) {
              // A full navigation: every server component re-reads the account without the flag.
              window.location.assign("/");
              return;
            }
            setErrors(r.fields ?? { _: r.error });
          });
        }}
      >
        <CardHeader>
          <CardTitle className="text-xl">Choose a new password</CardTitle>
          <CardDescription>
            {email} was created with a published password. Choose your own (at least 10 characters) before you
            continue.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4 pt-4">
          {errors._ ? (
            <p
              role="alert"
              className="rounded-md border border-destructive/30 bg-destructive/10 px-3 py-2 text-sm text-destructive"
            >
              {errors._}
            </p>
          ) : null}
          {FIELDS.map((f) => (
            <div key={f.id} className="space-y-2">
              <Label htmlFor={f.id}>{f.label}</Label>
              <Input
                id={f.id}
                name={f.id}
                type="password"
                autoComplete={f.autoComplete}
                aria-invalid={!!errors[f.id]}
                aria-describedby={errors[f.id] ? `${f.id}-error` : undefined}
                required
              />
              {errors[f.id] ? (
                <p id={`${f.id}-error`} className="text-sm text-destructive">
                  {errors[f.id]}
                </p>
              ) : null}
            </div>
          ))}
        </CardContent>
        <CardFooter className="pt-4">
          <Button type="submit" className="w-full" disabled={saving}>
            {saving ? <Spinner /> : null}
            Save and continue
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
