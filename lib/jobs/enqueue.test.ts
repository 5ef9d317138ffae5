import { describe, expect, it } from "vitest";
import { inChunks } from "./chunks";
import { timerId } from "./enqueue";

describe("timerId", () => {
  it("is a stable UUID per job and key, and differs between them", () => {
    const a = timerId("engine.wait", "exec-1:step-2");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(timerId("engine.wait", "exec-1:step-2")).toBe(a);
    expect(timerId("engine.wait", "exec-1:step-3")).not.toBe(a);
    expect(timerId("webhooks.retry", "exec-1:step-2")).not.toBe(a);
  });
});

describe("inChunks", () => {
  it("repeats a step until it deletes less than a chunk, and totals", async () => {
    const left = [5, 5, 2];
    const calls: number[] = [];
    const total = await inChunks(async (limit) => {
      calls.push(limit);
      return left.shift() ?? 0;
    }, 5);
    expect(total).toBe(12);
    expect(calls).toEqual([5, 5, 5]);
  });
});
