import { type ChildProcess, spawn } from "node:child_process";

export interface RunningServer {
  proc: ChildProcess;
  output: () => string;
  url: string;
  exited: Promise<number | null>;
}

/**
 * Starts the server in production mode with the given environment (the build must exist), as `npm start`
 * runs it: node with tsx's loader, no tsx wrapper process. (tsx's CLI relays a signal only if its child
 * acknowledges it within a few tens of milliseconds, and SIGKILLs it otherwise: on a busy machine a
 * SIGTERM then ends the server mid-drain with 143.)
 */
const started = new Set<ChildProcess>();

/**
 * SIGKILLs every server this file started that is still running. Called after each test, so a test that
 * timed out or threw before its own stop() leaves no server holding a port and a core for the next test.
 */
export async function killLeftovers(): Promise<void> {
  const waits: Promise<unknown>[] = [];
  for (const proc of started) {
    if (proc.exitCode === null && proc.signalCode === null) {
      waits.push(new Promise((r) => proc.once("exit", r)));
      proc.kill("SIGKILL");
    }
  }
  started.clear();
  await Promise.all(waits);
}

export function startServer(port: number, env: Record<string, string>): RunningServer {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of ["DATABASE_URL", "AUTH_SECRET", "ENCRYPTION_KEY", "DATA_DIR", "WORKERS"]) delete base[k];
  const proc = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...base,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.add(proc);
  let out = "";
  proc.stdout?.on("data", (d) => {
    out += d;
  });
  proc.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { proc, output: () => out, url: `http://127.0.0.1:${port}`, exited };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

export async function status(url: string): Promise<number> {
  const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.status;
}

export async function stop(server: RunningServer): Promise<number | null> {
  if (server.proc.exitCode !== null) return server.proc.exitCode;
  server.proc.kill("SIGTERM");
  return server.exited;
}
