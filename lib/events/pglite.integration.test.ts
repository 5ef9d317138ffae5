import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { exited, spawnTs } from "@/lib/testing/child";

// The same spines on the embedded database, in a process of its own (PGlite allows one per directory).
it("dispatches events and runs enqueued jobs and timers on PGlite", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "sb-pglite-"));
  try {
    const child = spawnTs("lib/testing/pglite-child.ts", [], { DATABASE_URL: "", DATA_DIR: dir });
    const code = await exited(child);
    expect(child.output()).toContain("OK");
    expect(code).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 180_000);
