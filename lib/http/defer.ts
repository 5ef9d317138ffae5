import { after } from "next/server";

/** Runs work after the response is sent (Next's after()); outside a request (scripts, tests) runs it now. */
export function defer(task: () => Promise<unknown>): void {
  try {
    after(task);
  } catch {
    void task().catch((e: unknown) => console.error("[defer]", (e as Error).message));
  }
}
