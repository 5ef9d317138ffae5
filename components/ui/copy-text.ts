"use client";

import { toast } from "sonner";

/** Copies text and says so; when the browser refuses, tells the user to select it instead. */
export function copyText(text: string, what: string): void {
  void navigator.clipboard?.writeText(text).then(
    () => toast.success(`${what} copied`),
    () => toast.error("Copy failed; select the text instead"),
  );
}
