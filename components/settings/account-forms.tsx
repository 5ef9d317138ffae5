"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { keepInput } from "@/components/ui/use-action-form";
import { changePasswordAction, updateProfileAction } from "@/lib/account/actions";

function Field({
  id,
  label,
  error,
  ...props
}: { id: string; label: string; error?: string } & React.ComponentProps<"input">) {
  return (
    <div className="space-y-2">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} name={id} aria-invalid={!!error} {...props} />
      {error ? <p className="text-sm text-destructive">{error}</p> : null}
    </div>
  );
}

export function AccountForms({ name, email }: { name: string; email: string }) {
  const router = useRouter();
  const passwordForm = useRef<HTMLFormElement>(null);
  const [profileErrors, setProfileErrors] = useState<Record<string, string>>({});
  const [passwordErrors, setPasswordErrors] = useState<Record<string, string>>({});
  const [savingProfile, startProfile] = useTransition();
  const [savingPassword, startPassword] = useTransition();

  return (
    <div className="grid max-w-xl gap-6">
      <Card>
        <form
          onSubmit={keepInput((form) =>
            startProfile(async () => {
              const r = await updateProfileAction({ name: form.get("name") });
              setProfileErrors(r.ok ? {} : (r.fields ?? { name: r.error }));
              if (r.ok) {
                toast.success("Profile saved");
                router.refresh();
              }
            }),
          )}
        >
          <CardHeader>
            <CardTitle>Profile</CardTitle>
            <CardDescription>Signed in as {email}.</CardDescription>
          </CardHeader>
          <CardContent className="pt-4">
            <Field
              id="name"
              label="Name"
              defaultValue={name}
              error={profileErrors.name}
              autoComplete="name"
            />
          </CardContent>
          <CardFooter className="pt-4">
            <Button type="submit" disabled={savingProfile}>
              {savingProfile ? <Spinner /> : null}
              Save profile
            </Button>
          </CardFooter>
        </form>
      </Card>
      <Card>
        <form
          ref={passwordForm}
          onSubmit={keepInput((form) =>
            startPassword(async () => {
              const r = await changePasswordAction(Object.fromEntries(form));
              setPasswordErrors(r.ok ? {} : (r.fields ?? { newPassword: r.error }));
              if (r.ok) {
                toast.success("Password changed");
                passwordForm.current?.reset();
              }
            }),
          )}
        >
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>At least 10 characters.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4 pt-4">
            <Field
              id="currentPassword"
              label="Current password"
              type="password"
              autoComplete="current-password"
              error={passwordErrors.currentPassword}
            />
            <Field
              id="newPassword"
              label="New password"
              type="password"
              autoComplete="new-password"
              error={passwordErrors.newPassword}
            />
            <Field
              id="confirmPassword"
              label="Repeat new password"
              type="password"
              autoComplete="new-password"
              error={passwordErrors.confirmPassword}
            />
          </CardContent>
          <CardFooter className="pt-4">
            <Button type="submit" disabled={savingPassword}>
              {savingPassword ? <Spinner /> : null}
              Change password
            </Button>
          </CardFooter>
        </form>
      </Card>
    </div>
  );
}
