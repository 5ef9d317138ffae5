import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

/**
 * Runs a TypeScript script in its own node process, with this process's environment. Node itself is
 * spawned (tsx as a loader), not the tsx CLI, so a signal reaches the process that runs the script.
 */
export function spawnTs(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(script), ...args], {
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  return Object.assign(child, { output: () => out });
}

export async function waitForOutput(child: { output: () => string }, text: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!child.output().includes(text)) {
    if (Date.now() > until) throw new Error(`child never printed ${text}; output:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once("exit", (code) => r(code)));
}
