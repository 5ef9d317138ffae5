import { z } from "zod";
import { env } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { pruneDomainEvents } from "./retention-mutations";

export const pruneDomainEventsJob = defineJob({
  name: "events.prune",
  data: z.object({}),
  schedule: "13 3 * * *",
  scheduleData: {},
  async run() {
    const { registeredSubscribers } = await import("./subscribers");
    return pruneDomainEvents(
      registeredSubscribers().map((s) => s.name),
      env().DOMAIN_EVENT_RETENTION_DAYS,
    );
  },
});

export const eventJobs = [pruneDomainEventsJob];
