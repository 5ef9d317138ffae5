import { describe, expect, it } from "vitest";
import { appendHistory, nextStatus, type StatusReport } from "./status-rules";

describe("message status ordering", () => {
  it("only moves forward", () => {
    expect(nextStatus("SENT", "DELIVERED")).toBe("DELIVERED");
    expect(nextStatus("READ", "DELIVERED")).toBe("READ");
    expect(nextStatus("DELIVERED", "SENT")).toBe("DELIVERED");
    expect(nextStatus("PENDING", "READ")).toBe("READ");
  });

  it("keeps a failure even if a delivery report comes late", () => {
    expect(nextStatus("SENT", "FAILED")).toBe("FAILED");
    expect(nextStatus("FAILED", "DELIVERED")).toBe("FAILED");
  });

  it("keeps every distinct report in time order and ignores exact repeats", () => {
    let h: StatusReport[] = [];
    h = appendHistory(h, { status: "READ", timestamp: "30" });
    h = appendHistory(h, { status: "DELIVERED", timestamp: "20" });
    h = appendHistory(h, { status: "DELIVERED", timestamp: "20" });
    h = appendHistory(h, { status: "SENT", timestamp: "10" });
    expect(h.map((r) => r.status)).toEqual(["SENT", "DELIVERED", "READ"]);
  });
});
