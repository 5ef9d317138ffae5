"use client";

import { useQueryClient } from "@tanstack/react-query";
import { MoreHorizontal } from "lucide-react";
import { useState, useTransition } from "react";
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
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { Role } from "@/generated/prisma/enums";
import { changeMemberRoleAction, removeMemberAction } from "@/lib/members/actions";
import type { MemberDto } from "@/lib/members/data";
import { memberKeys } from "@/lib/members/query-keys";

const ROLES: Role[] = ["OWNER", "ADMIN", "MEMBER"];

export function MemberActions({
  projectId,
  member,
  myRole,
  isLastOwner,
}: {
  projectId: string;
  member: MemberDto;
  myRole: Role;
  isLastOwner: boolean;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [pending, start] = useTransition();
  // Admins manage admins and members; only owners touch owners.
  const canManage = myRole === "OWNER" || member.role !== "OWNER";
  const refresh = () => queryClient.invalidateQueries({ queryKey: memberKeys.all(projectId) });

  function changeRole(role: string) {
    start(async () => {
      const r = await changeMemberRoleAction({ projectId, userId: member.userId, role });
      if (!r.ok) toast.error(r.error);
      else toast.success(`${member.email} is now ${role.toLowerCase()}`);
      await refresh();
    });
  }

  function remove() {
    start(async () => {
      const r = await removeMemberAction({ projectId, userId: member.userId });
      setConfirming(false);
      if (!r.ok) toast.error(r.error);
      else toast.success(`${member.email} was removed from the project`);
      await refresh();
    });
  }

  if (!canManage) return null;
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${member.email}`} disabled={pending}>
            <MoreHorizontal className="size-4" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-52">
          <DropdownMenuLabel>Role</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={member.role} onValueChange={changeRole}>
            {ROLES.filter((r) => myRole === "OWNER" || r !== "OWNER").map((r) => (
              <DropdownMenuRadioItem key={r} value={r} disabled={isLastOwner && r !== "OWNER"}>
                {r.charAt(0) + r.slice(1).toLowerCase()}
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" disabled={isLastOwner} onSelect={() => setConfirming(true)}>
            {isLastOwner ? "Last owner cannot be removed" : "Remove from project"}
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Remove {member.name ?? member.email}?</AlertDialogTitle>
            <AlertDialogDescription>
              They lose access to this project at once and their open conversation assignments end. Their
              account and other projects are not affected; you can add them again later.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              className="bg-destructive text-destructive-foreground hover:bg-destructive/90"
              onClick={(e) => {
                e.preventDefault();
                remove();
              }}
            >
              Remove
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
