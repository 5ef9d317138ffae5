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

/** Who saved in between; the server sends a display name, or nothing for API keys and deleted users. */
export function conflictAuthor(conflict: Conflict | null): string {
  const who = typeof conflict?.updatedBy === "string" ? conflict.updatedBy.trim() : "";
  return who || "Someone else";
}

export function ConflictDialog({
  conflict,
  onReload,
  onOverwrite,
}: {
  conflict: Conflict | null;
  onReload: () => void;
  onOverwrite: () => void;
}) {
  const who = conflictAuthor(conflict);
  return (
    <AlertDialog open={!!conflict}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>This workflow changed elsewhere</AlertDialogTitle>
          <AlertDialogDescription>
            {who} saved a newer version of this workflow
            {conflict?.currentVersion ? ` (version ${conflict.currentVersion})` : ""} while you were editing.
            Reload to get theirs (your unsaved changes are lost), or overwrite it with yours.
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
