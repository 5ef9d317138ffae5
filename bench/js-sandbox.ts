// Per-call overhead of the JavaScript sandbox (lib/js-sandbox) beside a same-run baseline: the same
// handler compiled with a bare `new Function` in this process (no isolation, no limits).
// Usage: npx tsx bench/js-sandbox.ts [calls]   (default 2,000)
import { runSandboxed, warmSandbox } from "@/lib/js-sandbox/sandbox";
import { runFunctionStep } from "@/lib/js-sandbox/steps";
import { fmt, percentile } from "./lib";

const calls = Number(process.argv[2] ?? 2000);
const code = `function handler(request) {
  const items = request.vars.items;
  let total = 0;
  for (const it of items) total += it.price * it.qty;
  return { vars: { total, count: items.length, greeting: "Hi " + request.vars.name } };
}`;
const input = {
  vars: { name: "Ada", items: Array.from({ length: 20 }, (_, i) => ({ price: i + 0.5, qty: 2 })) },
  context: { phone_number: "+15550001" },
  system: { flow_name: "bench" },
};

type Run = () => Promise<unknown> | unknown;

async function measure(name: string, run: Run) {
  for (let i = 0; i < Math.min(100, calls); i++) await run(); // warm-up
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(44)} ${String(Math.round((calls / total) * 1000)).padStart(8)} calls/s   p50 ${fmt(percentile(times, 50)).padStart(6)} ms   p99 ${fmt(percentile(times, 99)).padStart(6)} ms`,
  );
}

await warmSandbox();
console.log(`${calls} calls each, one at a time (node ${process.version})`);
await measure("baseline: new Function + call (no sandbox)", () => {
  const f = new Function(`${code}; return handler;`)() as (r: unknown) => unknown;
  return JSON.parse(JSON.stringify(f(structuredClone(input))));
});
await measure("runSandboxed (fresh QuickJS runtime per call)", async () => {
  const r = await runSandboxed(code, input);
  if (!r.ok) throw new Error(r.error.message);
});
await measure("runFunctionStep (Kapso request shape)", async () => {
  const r = await runFunctionStep(code, input);
  if (!r.ok) throw new Error(r.error.message);
});
