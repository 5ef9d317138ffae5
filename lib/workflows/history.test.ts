import { describe, expect, it } from "vitest";
import { emptyHistory, HISTORY_LIMIT, record, redo, undo } from "./history";

describe("history", () => {
  it("undoes and redoes in order; a new edit clears redo", () => {
    let h = emptyHistory<string>();
    let present = "a";
    for (const next of ["b", "c"]) {
      h = record(h, present, { now: 0 });
      present = next;
    }
    let r = undo(h, present);
    expect(r?.state).toBe("b");
    h = r?.history ?? h;
    present = r?.state ?? present;
    r = undo(h, present);
    expect(r?.state).toBe("a");
    h = r?.history ?? h;
    present = r?.state ?? present;
    expect(undo(h, present)).toBeNull();
    r = redo(h, present);
    expect(r?.state).toBe("b");
    h = r?.history ?? h;
    present = "x";
    h = record(h, "b", { now: 0 });
    expect(redo(h, present)).toBeNull();
    expect(undo(h, present)?.state).toBe("b");
  });

  it("folds a burst of edits to one field into one step", () => {
    let h = emptyHistory<string>();
    h = record(h, "", { key: "msg", now: 0 });
    h = record(h, "h", { key: "msg", now: 200 });
    h = record(h, "he", { key: "msg", now: 400 });
    expect(h.past).toEqual([""]);
    h = record(h, "hel", { key: "msg", now: 2000 });
    h = record(h, "hello", { key: "other", now: 2100 });
    expect(h.past).toEqual(["", "hel", "hello"]);
  });

  it("is capped", () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) h = record(h, i, { now: i });
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(20);
  });
});
