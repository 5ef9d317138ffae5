import {
  newQuickJSWASMModule,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from "quickjs-emscripten";

/**
 * JavaScript run in QuickJS compiled to WebAssembly. The code sees nothing of the host: no require, no
 * process, no fetch, no timers, no file system; only the JSON input it is handed, a `console` whose lines
 * are collected, and the language itself. Each call gets a fresh QuickJS runtime (its own heap, with a
 * memory limit and a stack limit) inside one WebAssembly module loaded once per process, so a call costs
 * a runtime and a context, not a module compile. A deadline is checked by QuickJS's interrupt handler,
 * so an endless loop ends as a `timeout`.
 *
 * The run is synchronous inside the module (nothing in the sandbox can wait on the host), so a call holds
 * the Node event loop for at most `timeoutMs`; keep the limit small.
 */

export type SandboxErrorKind = "timeout" | "memory" | "thrown" | "invalid_result";

export interface SandboxError {
  kind: SandboxErrorKind;
  message: string;
}

export type SandboxResult<T = unknown> =
  | { ok: true; value: T; logs: string[] }
  | { ok: false; error: SandboxError; logs: string[] };

export interface SandboxOptions {
  /** Wall-clock budget for compiling and running the code, promises included (default 1,000 ms, at most 10,000). */
  timeoutMs?: number;
  /** Heap limit of the QuickJS runtime (default 16 MiB, at least 1 MiB, at most 256 MiB). */
  memoryBytes?: number;
  /** Largest JSON result accepted, in bytes (default 256 KiB). */
  maxResultBytes?: number;
  /** Largest JSON input accepted, in bytes (default 1 MiB). */
  maxInputBytes?: number;
  /** Extra arguments after the input, passed to the handler as JSON values (e.g. an `env` object). */
  extraArgs?: unknown[];
  /** The global function to call (default `handler`; the step helpers call their own wrapper). */
  entry?: string;
}

export const SANDBOX_LIMITS = {
  defaultTimeoutMs: 1_000,
  maxTimeoutMs: 10_000,
  defaultMemoryBytes: 16 * 1024 * 1024,
  minMemoryBytes: 1024 * 1024,
  maxMemoryBytes: 256 * 1024 * 1024,
  defaultMaxResultBytes: 256 * 1024,
  defaultMaxInputBytes: 1024 * 1024,
  maxCodeBytes: 256 * 1024,
  maxStackBytes: 256 * 1024,
  maxLogLines: 100,
  maxLogLineChars: 2_000,
} as const;

// The module's static data and its C stack take a few MiB of the first 16 MiB of WebAssembly memory.
const BASE_MEMORY_BYTES = 16 * 1024 * 1024;
const PAGE = 64 * 1024;

interface Loaded {
  module: QuickJSWASMModule;
  capBytes: number;
}

/**
 * One WebAssembly module per memory cap (in practice one per process: callers use one limit). QuickJS's
 * own allocation limit (`setMemoryLimit`) cannot see block sizes in this build (`malloc_usable_size` is
 * unavailable, so it counts 8 bytes a block), so it is not used: the limit is the WebAssembly memory
 * itself, created with a maximum of 16 MiB + memoryBytes. It cannot grow past that, and an allocation
 * beyond it fails inside QuickJS as "out of memory". Runs are synchronous, so one runtime uses a module
 * at a time.
 */
const modules = new Map<number, Promise<Loaded>>();

function quickjs(memoryBytes: number): Promise<Loaded> {
  const pages = Math.ceil((BASE_MEMORY_BYTES + memoryBytes) / PAGE);
  let p = modules.get(pages);
  if (!p) {
    p = newQuickJSWASMModule(
      newVariant(RELEASE_SYNC, {
        wasmMemory: new WebAssembly.Memory({ initial: BASE_MEMORY_BYTES / PAGE, maximum: pages }),
        // Emscripten prints aborts (a runtime that ran out of memory may fail to free); the caller gets
        // the error as a result instead.
        emscriptenModule: { printErr: () => {} } as never,
      }),
    ).then(
      (module) => ({ module, capBytes: pages * PAGE }),
      (e) => {
        modules.delete(pages);
        throw e;
      },
    );
    modules.set(pages, p);
  }
  return p;
}

/** Whether a module's memory has grown to (about) its cap: Emscripten grows in steps, so a failed
 * growth leaves it somewhat below. */
function nearCap(l: Loaded): boolean {
  return (
    l.module.getWasmMemory().buffer.byteLength >= l.capBytes - Math.max(2 * 1024 * 1024, l.capBytes / 16)
  );
}

/** Drops a module after a failure inside it (an Emscripten abort leaves it unusable). */
function discard(memoryBytes: number) {
  modules.delete(Math.ceil((BASE_MEMORY_BYTES + memoryBytes) / PAGE));
}

/** Loads the WebAssembly module ahead of the first call (optional; the first call does it otherwise). */
export async function warmSandbox(memoryBytes: number = SANDBOX_LIMITS.defaultMemoryBytes): Promise<void> {
  await quickjs(memoryBytes);
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.floor(v)));

// The driver runs after the user's code in the same context. It reads the input from a global string the
// host set (then deletes it), calls `handler`, and leaves the settled value in a global for the host.
const driver = (entry: string) => `(() => {
  const args = JSON.parse(globalThis.__sb_args);
  delete globalThis.__sb_args;
  if (typeof ${entry} !== "function") {
    throw new TypeError("The code must define a function named ${entry}");
  }
  return Promise.resolve().then(() => ${entry}(...args)).then((v) => { globalThis.__sb_result = v; });
})()`;

// console.* inside the sandbox: formats its arguments and hands one string to the host.
const CONSOLE = `(() => {
  const log = globalThis.__sb_log;
  delete globalThis.__sb_log;
  const fmt = (a) => {
    if (typeof a === "string") return a;
    try { const s = JSON.stringify(a); return s === undefined ? String(a) : s; } catch { return String(a); }
  };
  const write = (level) => (...args) => log(level + args.map(fmt).join(" "));
  globalThis.console = { log: write(""), info: write(""), debug: write(""), warn: write("warn: "), error: write("error: ") };
})()`;

const RESULT = `(() => {
  const v = globalThis.__sb_result;
  if (v === undefined) return "null";
  const s = JSON.stringify(v, (k, x) => {
    if (typeof x === "function" || typeof x === "symbol") throw new TypeError("a " + typeof x + " at " + (k || "the top level"));
    if (typeof x === "number" && !Number.isFinite(x)) throw new TypeError("a non-finite number at " + (k || "the top level"));
    return x;
  });
  return s;
})()`;

class Failure extends Error {
  constructor(
    readonly kind: SandboxErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs `code`, which must define `handler` (or `opts.entry`), as `handler(input, ...extraArgs)` and returns the settled
 * value (a returned promise is awaited). Never throws: failures come back as `{ ok: false, error }`.
 */
export async function runSandboxed(
  code: string,
  input: unknown,
  opts: SandboxOptions = {},
): Promise<SandboxResult> {
  const logs: string[] = [];
  const timeoutMs = clamp(opts.timeoutMs ?? SANDBOX_LIMITS.defaultTimeoutMs, 1, SANDBOX_LIMITS.maxTimeoutMs);
  const memoryBytes = clamp(
    opts.memoryBytes ?? SANDBOX_LIMITS.defaultMemoryBytes,
    SANDBOX_LIMITS.minMemoryBytes,
    SANDBOX_LIMITS.maxMemoryBytes,
  );
  const maxResultBytes = opts.maxResultBytes ?? SANDBOX_LIMITS.defaultMaxResultBytes;
  const maxInputBytes = opts.maxInputBytes ?? SANDBOX_LIMITS.defaultMaxInputBytes;
  const entry = opts.entry ?? "handler";
  if (!/^[A-Za-z_$][\w$]*$/.test(entry)) return fail("thrown", "The entry must be a function name");

  let argsJson: string;
  try {
    argsJson = JSON.stringify([input, ...(opts.extraArgs ?? [])]);
  } catch (e) {
    return fail("invalid_result", `The input is not JSON-serialisable: ${(e as Error).message}`);
  }
  if (Buffer.byteLength(argsJson) > maxInputBytes) {
    return fail("invalid_result", `The input is larger than ${maxInputBytes} bytes`);
  }
  if (Buffer.byteLength(code) > SANDBOX_LIMITS.maxCodeBytes) {
    return fail("thrown", `The code is larger than ${SANDBOX_LIMITS.maxCodeBytes} bytes`);
  }

  let loaded: Loaded | undefined;
  try {
    loaded = await quickjs(memoryBytes);
  } catch (e) {
    return fail("thrown", `The sandbox could not start: ${(e as Error).message}`);
  }

  const deadline = Date.now() + timeoutMs;
  let interrupted = false;
  let runtime: QuickJSRuntime | undefined;
  let vm: QuickJSContext | undefined;
  try {
    runtime = loaded.module.newRuntime();
    runtime.setMaxStackSize(SANDBOX_LIMITS.maxStackBytes);
    runtime.setInterruptHandler(() => {
      if (Date.now() > deadline) interrupted = true;
      return interrupted;
    });
    vm = runtime.newContext();
    const ctx = vm;

    const logFn = ctx.newFunction("log", (h) => {
      if (logs.length < SANDBOX_LIMITS.maxLogLines) {
        const line = ctx.getString(h);
        logs.push(
          line.length > SANDBOX_LIMITS.maxLogLineChars
            ? `${line.slice(0, SANDBOX_LIMITS.maxLogLineChars)}…`
            : line,
        );
      } else if (logs.length === SANDBOX_LIMITS.maxLogLines) {
        logs.push("… (more lines dropped)");
      }
    });
    ctx.setProp(ctx.global, "__sb_log", logFn);
    logFn.dispose();
    ctx.unwrapResult(ctx.evalCode(CONSOLE, "console.js")).dispose();

    const argsHandle = ctx.newString(argsJson);
    ctx.setProp(ctx.global, "__sb_args", argsHandle);
    argsHandle.dispose();

    run(ctx, ctx.evalCode(code, "function.js"), () => interrupted).dispose();
    const promise = run(ctx, ctx.evalCode(driver(entry), "driver.js"), () => interrupted);
    try {
      // Settle the handler's promise: run queued jobs until it is no longer pending.
      for (;;) {
        const state = ctx.getPromiseState(promise);
        if (state.type === "fulfilled") {
          if (!state.notAPromise) state.value.dispose();
          break;
        }
        if (state.type === "rejected") {
          const err = describeThrown(ctx, state.error);
          state.error.dispose();
          throw classify(err, interrupted);
        }
        const jobs = runtime.executePendingJobs();
        if (jobs.error) {
          const err = describeThrown(ctx, jobs.error);
          jobs.error.dispose();
          throw classify(err, interrupted);
        }
        if (jobs.value === 0 && ctx.getPromiseState(promise).type === "pending") {
          throw new Failure(
            "thrown",
            "The handler returned a promise that never settles (nothing in the sandbox can resolve it)",
          );
        }
        if (Date.now() > deadline) throw new Failure("timeout", `The code ran longer than ${timeoutMs} ms`);
      }
    } finally {
      promise.dispose();
    }

    let json: string;
    try {
      const h = run(ctx, ctx.evalCode(RESULT, "result.js"), () => interrupted);
      json = ctx.getString(h);
      h.dispose();
    } catch (e) {
      if (e instanceof Failure && e.kind === "thrown") {
        throw new Failure("invalid_result", `The result is not JSON-serialisable: ${e.message}`);
      }
      throw e;
    }
    if (Buffer.byteLength(json) > maxResultBytes) {
      throw new Failure("invalid_result", `The result is larger than ${maxResultBytes} bytes`);
    }
    return { ok: true, value: JSON.parse(json), logs };
  } catch (e) {
    if (e instanceof Failure) return fail(e.kind, e.message);
    // A host-side failure (an abort inside the module, the host's stack exhausted by deep recursion):
    // the module's state is unknown, so the next call starts a fresh one.
    discard(memoryBytes);
    runtime = undefined;
    vm = undefined;
    const msg = e instanceof Error ? e.message : String(e);
    if (/call stack/i.test(msg))
      return fail("memory", "The code overflowed its stack (too deep a recursion)");
    if (/memory/i.test(msg)) return fail("memory", `The code ran out of memory (limit ${memoryBytes} bytes)`);
    return fail("thrown", `The sandbox failed: ${msg}`);
  } finally {
    try {
      vm?.dispose();
      runtime?.dispose();
    } catch {
      // A runtime that ran out of memory may not free cleanly (an Emscripten abort): drop the module.
      discard(memoryBytes);
    }
    // A module grown to its cap is dropped too: the next run starts from 16 MiB again, and "at the cap"
    // keeps meaning "this run filled it" (see classify).
    if (loaded && nearCap(loaded)) discard(memoryBytes);
  }

  function fail(kind: SandboxErrorKind, message: string): SandboxResult {
    return { ok: false, error: { kind, message }, logs };
  }

  function classify(err: string, wasInterrupted: boolean): Failure {
    // When even the error object cannot be allocated QuickJS throws null; with the memory at its cap
    // that is the heap running out.
    if (err === "null" && loaded && nearCap(loaded)) {
      return new Failure("memory", `The code ran out of memory (limit ${memoryBytes} bytes)`);
    }
    if (wasInterrupted || /^InternalError: interrupted/.test(err)) {
      return new Failure("timeout", `The code ran longer than ${timeoutMs} ms`);
    }
    if (/out of memory/i.test(err)) {
      return new Failure("memory", `The code ran out of memory (limit ${memoryBytes} bytes)`);
    }
    if (/stack overflow/i.test(err)) {
      return new Failure("memory", "The code overflowed its stack (too deep a recursion)");
    }
    return new Failure("thrown", err);
  }

  function run(
    ctx: QuickJSContext,
    res: ReturnType<QuickJSContext["evalCode"]>,
    wasInterrupted: () => boolean,
  ): QuickJSHandle {
    if (res.error) {
      const err = describeThrown(ctx, res.error);
      res.error.dispose();
      throw classify(err, wasInterrupted());
    }
    return res.value;
  }
}

/** "Name: message" of a thrown value, bounded. */
function describeThrown(ctx: QuickJSContext, h: QuickJSHandle): string {
  let text: string;
  try {
    const v = ctx.dump(h) as unknown;
    if (v && typeof v === "object" && "message" in v) {
      const o = v as { name?: unknown; message?: unknown };
      text = `${typeof o.name === "string" ? o.name : "Error"}: ${String(o.message)}`;
    } else {
      text = typeof v === "string" ? v : (JSON.stringify(v) ?? String(v));
    }
  } catch {
    text = "Error: (the thrown value could not be read)";
  }
  return text.length > 1_000 ? `${text.slice(0, 1_000)}…` : text;
}
