"use client";

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
import type { Conflict } from "./use-autosave";

export function ConflictDialog({
  conflict,
  onReload,
  onOverwrite,
}: {
  conflict: Conflict | null;
  onReload: () => void;
  onOverwrite: () => void;
}) {
  const who = conflict?.updatedBy ? conflict.updatedBy.name || conflict.updatedBy.email : "Someone else";
  return (
    <AlertDialog open={!!conflict}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>This workflow changed elsewhere</AlertDialogTitle>
          <AlertDialogDescription>
            {who} saved version {conflict?.currentVersion ?? "?"} while you were editing. Reload to get their
            version (your unsaved changes are lost), or overwrite it with yours.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel onClick={onReload}>Reload theirs</AlertDialogCancel>
          <AlertDialogAction onClick={onOverwrite}>Overwrite with mine</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
