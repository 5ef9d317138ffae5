"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { copyText } from "@/components/ui/copy-text";
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
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { keepInput, useActionForm } from "@/components/ui/use-action-form";
import type { Role } from "@/generated/prisma/enums";
import { addMemberAction } from "@/lib/members/actions";
import { memberKeys } from "@/lib/members/query-keys";

type Created = { email: string; temporaryPassword: string };

export function AddMemberDialog({
  projectId,
  myRole,
  open,
  onOpenChange,
}: {
  projectId: string;
  myRole: Role;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const { fields, error, pending, reset, submit: run } = useActionForm();
  const [role, setRole] = useState<Role>("MEMBER");
  const [created, setCreated] = useState<Created>();

  function close(o: boolean) {
    onOpenChange(o);
    if (!o) {
      reset();
      setCreated(undefined);
      setRole("MEMBER");
    }
  }

  function submit(form: FormData) {
    const email = String(form.get("email") ?? "");
    run(
      () => addMemberAction({ projectId, email, name: form.get("name"), role }),
      async (data) => {
        await queryClient.invalidateQueries({ queryKey: memberKeys.all(projectId) });
        if (data.temporaryPassword)
          setCreated({ email: email.trim().toLowerCase(), temporaryPassword: data.temporaryPassword });
        else {
          toast.success(`${email} was added to the project`);
          close(false);
        }
      },
    );
  }

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-md">
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Account created</DialogTitle>
              <DialogDescription>
                Give these sign-in details to {created.email}. The password is shown only now and works once:
                they choose their own at the first sign-in.
              </DialogDescription>
            </DialogHeader>
            <div className="space-y-2 rounded-md border bg-muted/50 p-3 font-mono text-sm">
              <div>{created.email}</div>
              <div className="flex items-center justify-between gap-2">
                <span data-testid="temporary-password">{created.temporaryPassword}</span>
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => copyText(created.temporaryPassword, "Password")}
                >
                  <Copy className="size-4" /> Copy
                </Button>
              </div>
            </div>
            <DialogFooter>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Add member</DialogTitle>
              <DialogDescription>
                Add someone by email. If they have no account yet, one is created with a one-time password.
              </DialogDescription>
            </DialogHeader>
            <form onSubmit={keepInput(submit)} className="space-y-4" noValidate>
              {error ? (
                <p role="alert" className="text-sm text-destructive">
                  {error}
                </p>
              ) : null}
              <div className="space-y-2">
                <Label htmlFor="member-email">Email</Label>
                <Input
                  id="member-email"
                  name="email"
                  type="email"
                  autoFocus
                  aria-invalid={!!fields.email}
                  required
                />
                {fields.email ? <p className="text-sm text-destructive">{fields.email}</p> : null}
              </div>
              <div className="space-y-2">
                <Label htmlFor="member-name">Name (optional)</Label>
                <Input id="member-name" name="name" aria-invalid={!!fields.name} />
                {fields.name ? <p className="text-sm text-destructive">{fields.name}</p> : null}
              </div>
              <div className="space-y-2">
                <Label htmlFor="member-role">Role</Label>
                <Select value={role} onValueChange={(v) => setRole(v as Role)}>
                  <SelectTrigger id="member-role" className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="MEMBER">Member: works in the inbox</SelectItem>
                    <SelectItem value="ADMIN">Admin: also manages settings</SelectItem>
                    {myRole === "OWNER" ? <SelectItem value="OWNER">Owner: full control</SelectItem> : null}
                  </SelectContent>
                </Select>
                {fields.role ? <p className="text-sm text-destructive">{fields.role}</p> : null}
              </div>
              <DialogFooter>
                <Button type="button" variant="ghost" onClick={() => close(false)}>
                  Cancel
                </Button>
                <Button type="submit" disabled={pending}>
                  {pending ? <Spinner /> : null}
                  Add member
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
