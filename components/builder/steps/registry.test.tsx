import { describe, expect, it, vi } from "vitest";
import { NODE_TYPES } from "@/lib/workflows/steps/registry";
import { STEP_UI } from "./registry";

// The template form's "send a test" button imports the server actions, which need a Next server to
// load; this test is only about which kinds the registry lists.
vi.mock("@/lib/workflows/actions", () => ({ testTemplateAction: async () => ({ ok: true, data: null }) }));

describe("client step registry", () => {
  it("has an icon and a form for exactly the kinds the lib registry has", () => {
    expect(Object.keys(STEP_UI).sort()).toEqual([...NODE_TYPES].sort());
    for (const kind of NODE_TYPES) {
      expect(STEP_UI[kind].icon, kind).toBeTruthy();
      expect(typeof STEP_UI[kind].Form, kind).toBe("function");
    }
  });
});
