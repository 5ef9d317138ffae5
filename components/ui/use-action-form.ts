"use client";
import type React from "react";

import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/http/action";

/**
 * The state every dialog form keeps around a server action: field errors shown beside their fields,
 * any other error above the form, and a pending flag. `submit` runs the action in a transition and
 * calls `onOk` (which may be async) only when it succeeded.
 */
export function useActionForm(opts: { alwaysShowError?: boolean } = {}) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const reset = useCallback(() => {
    setFields({});
    setError(undefined);
  }, []);
  const submit = <T>(action: () => Promise<ActionResult<T>>, onOk: (data: T) => void | Promise<void>) =>
    start(async () => {
      const r = await action();
      if (!r.ok) {
        setFields(r.fields ?? {});
        setError(r.fields && !opts.alwaysShowError ? undefined : r.error);
        return;
      }
      reset();
      await onOk(r.data);
    });
  return { fields, error, pending, reset, submit };
}

/**
 * An onSubmit handler that gives the form's data to `run` and leaves the fields alone. A `<form action>`
 * function would be simpler, but React resets the form after it runs, which wiped what the user typed
 * when the server refused it (an existing member's email, a wrong current password).
 */
export function keepInput(run: (form: FormData) => void) {
  return (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    run(new FormData(e.currentTarget));
  };
}
