// Same-run ceiling for webhook delivery, in its own process as the delivery worker is: a bare loop
// posting the given bodies with Node's HTTP client (keep-alive, CONCURRENCY at once) to the sink.
// Reads {port, n, concurrency, bodies} as JSON on stdin; prints {ms, coldMs, cpuUs} as JSON when done (coldMs:
// the first pass, before the JIT and the connections are warm; ms: the second, the ceiling).
import http from "node:http";
import { postLoop } from "./post-loop.mjs";

let input = "";
for await (const c of process.stdin) input += c;
const { port, n, concurrency, bodies } = JSON.parse(input);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const postAll = (count) => postLoop({ port, bodies, concurrency, agent }, count);
// Warm-up (JIT, connections), as the worker gets one.
const cold0 = performance.now();
await postAll(n);
const coldMs = performance.now() - cold0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await postAll(n);
const cpu = process.cpuUsage(cpu0);
agent.destroy();
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, coldMs, cpuUs: cpu.user + cpu.system }));
