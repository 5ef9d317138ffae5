import { describe, expect, it } from "vitest";
import { NODE_TYPES, STEPS } from "./registry";

/** Configs that fail each kind's schema in as many fields as we can provoke. */
const BAD: Record<string, Record<string, unknown>[]> = {
  send_text: [{}, { message: "x".repeat(5000), delay_seconds: -1 }],
  send_template: [{}],
  send_interactive: [
    {},
    { interactive_type: "button", body_text: "", buttons: [] },
    { interactive_type: "list", body_text: "b", list_sections: [{ rows: [] }] },
    { interactive_type: "cta_url", body_text: "b", cta_url: "ftp://x", header_type: "image" },
    { interactive_type: "flow", body_text: "b", header_type: "text" },
  ],
  wait_for_response: [{ has_timeout: true }, { save_response_to: "1 bad", timeout_seconds: 1 }],
  set_variable: [{}],
  decide: [{ conditions: [] }, { decision_type: "function", conditions: [{ label: "a" }, { label: "a" }] }],
  call: [{}],
  webhook: [{}, { url: "ftp://x" }],
  function: [{}],
  agent: [{}, { system_prompt: "p", max_iterations: 0 }],
};

describe("step registry", () => {
  it("gives every kind a label, hint, defaults and outputs", () => {
    for (const kind of NODE_TYPES) {
      const step = STEPS[kind];
      expect(step.label, kind).toMatch(/^[A-Z]/);
      expect(step.hint, kind).not.toBe("");
      expect(Array.isArray(step.outputs(step.defaults())), kind).toBe(true);
      expect(typeof step.summary(step.defaults(), {}), kind).toBe("string");
    }
  });

  it("words config errors for people: no snake_case field names", () => {
    for (const [kind, configs] of Object.entries(BAD)) {
      const step = STEPS[kind as keyof typeof STEPS];
      for (const config of configs) {
        const r = step.schema.safeParse(config);
        expect(r.success, `${kind} ${JSON.stringify(config)}`).toBe(false);
        for (const issue of r.error?.issues ?? []) {
          expect(issue.message, kind).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
          expect(issue.message, kind).toMatch(/^[A-Z]/);
        }
      }
    }
  });

  it("only start cannot be added from the palette", () => {
    expect(NODE_TYPES.filter((t) => !STEPS[t].addable)).toEqual(["start"]);
  });

  it("knows which steps wait for the contact and which variables they write", () => {
    expect(STEPS.wait_for_response.waitsForContact?.({})).toBe(true);
    expect(STEPS.send_interactive.waitsForContact?.({ interactive_type: "list" })).toBe(true);
    expect(STEPS.send_interactive.waitsForContact?.({ interactive_type: "cta_url" })).toBe(false);
    expect(STEPS.set_variable.writesVariables?.({ variable_name: "x" })).toEqual(["x"]);
    expect(STEPS.webhook.writesVariables?.({ save_response_to: "r" })).toEqual(["r"]);
    expect(STEPS.call.calls?.({ workflow_id: "w1" })).toBe("w1");
  });
});

describe("per-kind knowledge stays in the registry", () => {
  it("no switch or comparison on a step kind outside steps/ (start is structural and allowed)", async () => {
    const { readdirSync, readFileSync, statSync } = await import("node:fs");
    const { join } = await import("node:path");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) {
          if (name !== "steps") walk(p);
        } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(p);
      }
    };
    walk("lib/workflows");
    walk("components/builder");
    const kinds = NODE_TYPES.filter((t) => t !== "start").join("|");
    const pattern = new RegExp(`(case "(${kinds})"|node_type\\s*[!=]==\\s*"(${kinds})")`);
    const offenders = files.filter((f) => pattern.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
