import { describe, expect, it } from "vitest";
import { runSandboxed, SANDBOX_LIMITS } from "./sandbox";
import { runDecideFunction, runFunctionStep } from "./steps";

const MiB = 1024 * 1024;

describe("runSandboxed", () => {
  it("calls handler with the input and returns its JSON value and console lines", async () => {
    const r = await runSandboxed(
      "function handler(input, extra) { console.log('n is', input.n, { a: [1] }); console.warn('careful'); return { doubled: input.n * 2, extra } }",
      { n: 21 },
      { extraArgs: ["x"] },
    );
    expect(r).toEqual({
      ok: true,
      value: { doubled: 42, extra: "x" },
      logs: ['n is 21 {"a":[1]}', "warn: careful"],
    });
  });

  it("awaits an async handler and a chain of promises", async () => {
    const r = await runSandboxed(
      "async function handler(i) { let s = 0; for (const x of i.xs) s += await Promise.resolve(x); return s }",
      { xs: [1, 2, 3] },
    );
    expect(r).toMatchObject({ ok: true, value: 6 });
  });

  it("accepts handler declared with const, and returns null for undefined", async () => {
    expect(await runSandboxed("const handler = () => {}", {})).toMatchObject({ ok: true, value: null });
  });

  it("sees nothing of the host", async () => {
    const r = await runSandboxed(
      `function handler() {
        return [typeof require, typeof process, typeof fetch, typeof setTimeout, typeof XMLHttpRequest,
          typeof globalThis.__sb_args, typeof globalThis.__sb_log, typeof module, typeof Deno, typeof Bun];
      }`,
      {},
    );
    expect(r).toMatchObject({ ok: true, value: Array(10).fill("undefined") });
  });

  it("keeps no state between calls", async () => {
    await runSandboxed("globalThis.leak = 42; function handler() { return 1 }", {});
    const r = await runSandboxed("function handler() { return typeof leak }", {});
    expect(r).toMatchObject({ ok: true, value: "undefined" });
  });

  it("ends an endless loop as a timeout, within the limit", async () => {
    const started = Date.now();
    const r = await runSandboxed("function handler() { for (;;) {} }", {}, { timeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, error: { kind: "timeout" } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("ends an endless loop after an await as a timeout", async () => {
    const r = await runSandboxed(
      "async function handler() { await 1; while (true) {} }",
      {},
      { timeoutMs: 200 },
    );
    expect(r).toMatchObject({ ok: false, error: { kind: "timeout" } });
  });

  it("ends catastrophic regular-expression backtracking as a timeout", async () => {
    const started = Date.now();
    const r = await runSandboxed(
      "function handler() { return /(a+)+$/.test('a'.repeat(40) + 'b') }",
      {},
      { timeoutMs: 200 },
    );
    expect(r).toMatchObject({ ok: false, error: { kind: "timeout" } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("ends a run that fills the heap as a memory error", async () => {
    const r = await runSandboxed(
      "function handler() { const a = []; for (;;) a.push('x'.repeat(100000) + a.length) }",
      {},
      { memoryBytes: 8 * MiB, timeoutMs: 10_000 },
    );
    expect(r).toMatchObject({ ok: false, error: { kind: "memory" } });
  });

  it("refuses one allocation larger than the limit as a memory error", async () => {
    const r = await runSandboxed(
      "function handler() { return new ArrayBuffer(200 * 1024 * 1024).byteLength }",
      {},
      {
        memoryBytes: 8 * MiB,
      },
    );
    expect(r).toMatchObject({ ok: false, error: { kind: "memory" } });
  });

  it("ends many small objects as a memory error", async () => {
    const r = await runSandboxed(
      "function handler() { const a = []; for (let i = 0;; i++) a.push({ i, s: 'y' + i }) }",
      {},
      { memoryBytes: 4 * MiB, timeoutMs: 10_000 },
    );
    expect(r).toMatchObject({ ok: false, error: { kind: "memory" } });
  });

  it("ends runaway recursion as a memory error, and the next call works", async () => {
    const r = await runSandboxed("function handler() { const f = (n) => f(n + 1) + 1; return f(0) }", {});
    expect(r).toMatchObject({ ok: false, error: { kind: "memory" } });
    expect(await runSandboxed("function handler() { return 'fine' }", {})).toMatchObject({
      ok: true,
      value: "fine",
    });
  });

  it("works again after a memory error", async () => {
    await runSandboxed(
      "function handler() { const a = []; for (;;) a.push(new Array(10000).fill(1)) }",
      {},
      {
        memoryBytes: 4 * MiB,
        timeoutMs: 10_000,
      },
    );
    expect(
      await runSandboxed("function handler(i) { return i }", { ok: 1 }, { memoryBytes: 4 * MiB }),
    ).toMatchObject({
      ok: true,
      value: { ok: 1 },
    });
  });

  it("reports thrown errors, syntax errors and a missing handler", async () => {
    expect(await runSandboxed("function handler() { throw new RangeError('nope') }", {})).toMatchObject({
      ok: false,
      error: { kind: "thrown", message: "RangeError: nope" },
    });
    expect(await runSandboxed("async function handler() { throw 'plain' }", {})).toMatchObject({
      ok: false,
      error: { kind: "thrown", message: "plain" },
    });
    expect(await runSandboxed("function handler( {", {})).toMatchObject({
      ok: false,
      error: { kind: "thrown", message: expect.stringMatching(/^SyntaxError/) },
    });
    expect(await runSandboxed("const x = 1", {})).toMatchObject({
      ok: false,
      error: { kind: "thrown", message: "TypeError: The code must define a function named handler" },
    });
    expect(await runSandboxed("function handler() { return new Promise(() => {}) }", {})).toMatchObject({
      ok: false,
      error: { kind: "thrown", message: expect.stringContaining("never settles") },
    });
  });

  it("refuses results that are not JSON or are too large", async () => {
    for (const code of [
      "function handler() { return { f() {} } }",
      "function handler() { return 1n }",
      "function handler() { const o = {}; o.o = o; return o }",
      "function handler() { return { n: NaN } }",
    ]) {
      expect(await runSandboxed(code, {})).toMatchObject({ ok: false, error: { kind: "invalid_result" } });
    }
    const big = await runSandboxed(
      "function handler() { return 'x'.repeat(2000) }",
      {},
      { maxResultBytes: 1000 },
    );
    expect(big).toMatchObject({
      ok: false,
      error: { kind: "invalid_result", message: expect.stringContaining("1000") },
    });
  });

  it("bounds the input and the console", async () => {
    expect(
      await runSandboxed("function handler() {}", { s: "x".repeat(2000) }, { maxInputBytes: 1000 }),
    ).toMatchObject({
      ok: false,
      error: { kind: "invalid_result" },
    });
    const r = await runSandboxed(
      "function handler() { for (let i = 0; i < 1000; i++) console.log('x'.repeat(5000)) }",
      {},
    );
    expect(r.ok).toBe(true);
    expect(r.logs).toHaveLength(SANDBOX_LIMITS.maxLogLines + 1);
    expect(r.logs[0]!.length).toBeLessThanOrEqual(SANDBOX_LIMITS.maxLogLineChars + 1);
  });
});

const base = {
  vars: { name: "Ada", n: 1 },
  context: { phone_number: "+15550001" },
  system: { flow_name: "F" },
};

describe("runFunctionStep", () => {
  it("hands the request flat and in Kapso's body shape, and returns the vars to merge", async () => {
    const r = await runFunctionStep(
      `async function handler(request, env) {
        const body = await request.json();
        return { vars: { greeting: 'Hi ' + request.vars.name, n: body.execution_context.vars.n + 1,
          phone: request.context.phone_number, said: request.last_user_input, key: env.KEY,
          flow: body.flow_info.name } };
      }`,
      { ...base, last_user_input: "hello", flow_info: { id: "w1", name: "Welcome", step_id: "function_1" } },
      { env: { KEY: "k" } },
    );
    expect(r).toEqual({
      ok: true,
      vars: { greeting: "Hi Ada", n: 2, phone: "+15550001", said: "hello", key: "k", flow: "Welcome" },
      value: {
        vars: { greeting: "Hi Ada", n: 2, phone: "+15550001", said: "hello", key: "k", flow: "Welcome" },
      },
      logs: [],
    });
  });

  it("treats no return as no vars, and refuses other shapes", async () => {
    expect(await runFunctionStep("function handler() {}", base)).toMatchObject({ ok: true, vars: {} });
    expect(await runFunctionStep("function handler() { return 5 }", base)).toMatchObject({
      ok: false,
      error: { kind: "invalid_result" },
    });
    expect(await runFunctionStep("function handler() { return { vars: [1] } }", base)).toMatchObject({
      ok: false,
      error: { kind: "invalid_result" },
    });
  });

  it("cannot change the caller's input", async () => {
    const input = structuredClone(base);
    await runFunctionStep("function handler(r) { r.vars.name = 'changed'; return {} }", input);
    expect(input.vars.name).toBe("Ada");
  });

  it("keeps the limits", async () => {
    expect(
      await runFunctionStep("function handler() { for (;;) {} }", base, { timeoutMs: 100 }),
    ).toMatchObject({
      ok: false,
      error: { kind: "timeout" },
    });
  });
});

describe("runDecideFunction", () => {
  const labels = ["yes", "no"];
  it("takes a label or { next_edge, vars }", async () => {
    expect(
      await runDecideFunction("function handler(r) { return r.vars.n > 0 ? 'yes' : 'no' }", base, labels),
    ).toEqual({ ok: true, label: "yes", vars: {}, logs: [] });
    expect(
      await runDecideFunction(
        "function handler() { return { next_edge: 'no', vars: { why: 'x' } } }",
        base,
        labels,
      ),
    ).toEqual({ ok: true, label: "no", vars: { why: "x" }, logs: [] });
  });

  it("refuses a label that is not a condition, or no label", async () => {
    expect(await runDecideFunction("function handler() { return 'maybe' }", base, labels)).toMatchObject({
      ok: false,
      error: { kind: "invalid_result", message: expect.stringContaining('"maybe"') },
    });
    expect(await runDecideFunction("function handler() { return { vars: {} } }", base, labels)).toMatchObject(
      {
        ok: false,
        error: { kind: "invalid_result" },
      },
    );
  });
});
