import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";

// Jobs for the job runtime's tests: each run leaves a row (tag, time, process) in a plain table.

export const JOB_SINK_DDL = `CREATE TABLE IF NOT EXISTS test_job_sink (
  seq BIGSERIAL PRIMARY KEY, tag TEXT NOT NULL, ran_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  pid INTEGER NOT NULL)`;

const record = defineJob({
  name: "test.record",
  data: z.object({ tag: z.string().min(1) }),
  transactional: true,
  async run({ tag }, { tx }) {
    if (!tx) throw new Error("a transactional job gets its transaction");
    await tx.$executeRaw`INSERT INTO test_job_sink (tag, pid) VALUES (${tag}, ${process.pid})`;
  },
});

const timer = defineJob({ ...record, name: "test.timer", pollingIntervalSeconds: 0.5 });

export const recordJob = record;
export const timerJob = timer;
