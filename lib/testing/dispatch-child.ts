// A separate dispatcher process for the events tests (spawned with tsx).
//   loop <subscriber> <ms>   dispatches to the sink subscriber until <ms> have passed
//   hang <subscriber>        handles one batch, prints HANDLED, then never commits (to be killed)
//   listen <subscriber>      runs the dispatcher loop with a one-minute poll: only NOTIFY wakes it
import { dispatcherIdle, dispatchPending, startDispatcherLoop } from "@/lib/events/dispatcher";
import { sinkSubscriber } from "./event-sink";

const [mode, name, ms] = process.argv.slice(2);
if (!name) throw new Error("usage: dispatch-child <loop|hang> <subscriber> [ms]");

if (mode === "listen") {
  await startDispatcherLoop({ intervalMs: 60_000, subscribers: [sinkSubscriber(name)] });
  await dispatcherIdle();
  console.log("READY");
  await new Promise(() => {});
} else if (mode === "hang") {
  const sub = sinkSubscriber(name, {
    afterHandle: async () => {
      console.log("HANDLED");
      await new Promise(() => {});
    },
  });
  await dispatchPending({ subscribers: [sub], batch: 1000 });
} else {
  const sub = sinkSubscriber(name);
  const until = Date.now() + Number(ms ?? 5000);
  console.log("READY");
  while (Date.now() < until) {
    await dispatchPending({ subscribers: [sub], batch: 7, settleMs: 0 });
    await new Promise((r) => setTimeout(r, 5));
  }
  await dispatchPending({ subscribers: [sub], batch: 7 });
  const { closeDatabase } = await import("@/lib/db/client");
  await closeDatabase();
  process.exit(0);
}
