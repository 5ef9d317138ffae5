"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { getWorkflowAction, saveWorkflowAction } from "@/lib/workflows/actions";
import type { WorkflowDefinition } from "@/lib/workflows/definition";

export type SaveStatus = "saved" | "pending" | "saving" | "conflict" | "error";
/** The server's conflict details (mutations.ts staleVersion): who saved last is a display name. */
export type Conflict = { currentVersion?: number; updatedBy?: string | null };

export const AUTOSAVE_DELAY_MS = 800;

/**
 * Debounced autosave with optimistic concurrency: every save names the version it was based on; the
 * server answers `conflict` when someone else saved in between, and the user picks reload or overwrite.
 */
export function useAutosave(opts: {
  projectId: string;
  workflowId: string;
  initialVersion: number;
  revision: number;
  enabled: boolean;
  getDefinition: () => WorkflowDefinition;
  onReload: (def: WorkflowDefinition, version: number) => void;
}) {
  const [version, setVersion] = useState(opts.initialVersion);
  const [status, setStatus] = useState<SaveStatus>("saved");
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const versionRef = useRef(opts.initialVersion);
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const latest = useRef(opts);
  latest.current = opts;
  const lastSaved = useRef(opts.revision);

  const save = useCallback(async (overwrite = false): Promise<void> => {
    if (inFlight.current) {
      again.current = true;
      return inFlight.current;
    }
    const o = latest.current;
    const revision = o.revision;
    setStatus("saving");
    const run = (async () => {
      const r = await saveWorkflowAction({
        projectId: o.projectId,
        workflowId: o.workflowId,
        definition: o.getDefinition(),
        expectedVersion: versionRef.current,
        overwrite,
      }).catch((e: unknown) => ({
        ok: false as const,
        code: "internal" as const,
        error: String(e),
        details: undefined,
      }));
      if (r.ok) {
        versionRef.current = r.data.version;
        setVersion(r.data.version);
        lastSaved.current = revision;
        setError(null);
        setStatus(latest.current.revision === revision ? "saved" : "pending");
      } else if (r.code === "conflict") {
        setConflict((r.details ?? {}) as Conflict);
        setStatus("conflict");
      } else {
        setError(r.error);
        setStatus("error");
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
    if (again.current) {
      again.current = false;
      if (latest.current.revision !== lastSaved.current) await save();
    }
  }, []);

  useEffect(() => {
    if (!opts.enabled || opts.revision === lastSaved.current || status === "conflict") return;
    setStatus((s) => (s === "saving" ? s : "pending"));
    const t = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [opts.revision, opts.enabled, save, status]);

  // Unsaved edits: ask before leaving.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (latest.current.revision !== lastSaved.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const reload = useCallback(async () => {
    const o = latest.current;
    const r = await getWorkflowAction({ projectId: o.projectId, workflowId: o.workflowId });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    versionRef.current = r.data.version;
    setVersion(r.data.version);
    setConflict(null);
    o.onReload(r.data.definition, r.data.version);
    lastSaved.current = latest.current.revision;
    setStatus("saved");
  }, []);

  const overwrite = useCallback(async () => {
    setConflict(null);
    await save(true);
  }, [save]);

  /** Save now (before activating); resolves once the current state is stored. */
  const flush = useCallback(async () => {
    if (latest.current.revision !== lastSaved.current || inFlight.current) await save();
    return status !== "conflict";
  }, [save, status]);

  /** A restore made a new version on the server. */
  const adopt = useCallback((v: number) => {
    versionRef.current = v;
    setVersion(v);
    lastSaved.current = latest.current.revision;
    setStatus("saved");
  }, []);

  return { version, status, conflict, error, reload, overwrite, flush, adopt };
}
