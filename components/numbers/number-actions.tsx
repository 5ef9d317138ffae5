"use client";

import { MoreHorizontal } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
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
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";
import { checkNumberHealthAction, deleteNumberAction } from "@/lib/numbers/actions";
import type { PhoneNumberDto } from "@/lib/numbers/data";
import { CredentialsDialog } from "./credentials-dialog";

export function NumberActions({
  projectId,
  slug,
  number,
}: {
  projectId: string;
  slug: string;
  number: PhoneNumberDto;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [credentials, setCredentials] = useState(false);
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
          <DropdownMenuItem asChild>
            <Link href={`/p/${slug}/numbers/${number.id}/profile`}>Business profile</Link>
          </DropdownMenuItem>
          {number.kind === "LIVE" ? (
            <DropdownMenuItem onSelect={() => setCredentials(true)}>Update credentials…</DropdownMenuItem>
          ) : null}
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={() => setConfirming(true)}>
            Delete…
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      {number.kind === "LIVE" ? (
        <CredentialsDialog
          projectId={projectId}
          number={number}
          open={credentials}
          onOpenChange={setCredentials}
        />
      ) : null}
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
