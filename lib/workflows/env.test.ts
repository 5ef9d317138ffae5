// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV:KEY} is the literal syntax under test
import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "./definition";
import { completionsAt, extractReferences, resolveEnv, substituteEnv, workflowVariables } from "./env";

describe("resolveEnv", () => {
  const project = [
    { key: "API_URL", developmentValue: "http://dev", productionValue: "https://prod" },
    { key: "TOKEN", developmentValue: "p-dev", productionValue: "p-prod" },
  ];
  const workflow = [{ key: "TOKEN", developmentValue: "w-dev", productionValue: null }];

  it("workflow-level wins over project-level, per environment", () => {
    expect(resolveEnv(project, workflow, "development")).toEqual({ API_URL: "http://dev", TOKEN: "w-dev" });
    // an unset production value on the workflow still hides the project one: the key is overridden
    expect(resolveEnv(project, workflow, "production")).toEqual({ API_URL: "https://prod", TOKEN: "" });
  });

  it("substitutes ${ENV:KEY}", () => {
    expect(substituteEnv("Bearer ${ENV:TOKEN} ${ENV:NOPE}", { TOKEN: "t" })).toBe("Bearer t ");
  });
});

describe("extractReferences", () => {
  it("finds env keys and namespaced variables in order", () => {
    const refs = extractReferences(
      "Hi {{vars.name}}, {{ context.contact.wa_id }} ${ENV:KEY} {{last_user_input}}",
    );
    expect(refs.map((r) => [r.kind, r.path])).toEqual([
      ["vars", "name"],
      ["context", "contact.wa_id"],
      ["env", "KEY"],
      ["other", "last_user_input"],
    ]);
    expect(refs[0]).toMatchObject({ start: 3, end: 16 });
  });
});

describe("workflowVariables", () => {
  it("lists defined and used variables and env keys", () => {
    const def: WorkflowDefinition = {
      nodes: [
        {
          id: "a",
          type: "flow-node",
          position: { x: 0, y: 0 },
          data: { node_type: "wait_for_response", config: { save_response_to: "answer" } },
        },
        {
          id: "b",
          type: "flow-node",
          position: { x: 0, y: 0 },
          data: { node_type: "set_variable", config: { variable_name: "n", variable_value: "1" } },
        },
        {
          id: "c",
          type: "flow-node",
          position: { x: 0, y: 0 },
          data: {
            node_type: "webhook",
            config: { url: "${ENV:HOOK}", headers: { a: "{{vars.answer.x}} {{vars.other}}" } },
          },
        },
      ],
      edges: [],
    };
    expect(workflowVariables(def)).toEqual({
      defined: ["answer", "n"],
      used: ["answer", "other"],
      env: ["HOOK"],
    });
  });
});

describe("completionsAt", () => {
  const catalog = { vars: ["name", "order_id"], env: ["API_KEY", "BASE_URL"] };

  it("offers variables after {{, filtered by what is typed", () => {
    const text = "Hello {{va";
    const c = completionsAt(text, text.length, catalog);
    expect(c?.from).toBe(6);
    expect(c?.options.map((o) => o.insert)).toEqual(["{{vars.name}}", "{{vars.order_id}}"]);
    expect(completionsAt("{{sys", 5, catalog)?.options[0]?.label).toMatch(/^system\./);
  });

  it("offers env keys after ${", () => {
    const c = completionsAt("Bearer ${ENV:AP", 15, catalog);
    expect(c?.options).toEqual([{ label: "ENV:API_KEY", insert: "${ENV:API_KEY}" }]);
  });

  it("replaces through an already typed closing brace", () => {
    const text = "x {{vars.na}} y";
    const c = completionsAt(text, 11, catalog);
    expect(text.slice(0, c?.from) + c?.options[0]?.insert + text.slice(c?.to)).toBe("x {{vars.name}} y");
  });

  it("offers nothing outside a reference", () => {
    expect(completionsAt("plain {{vars.name}} text", 24, catalog)).toBeNull();
    expect(completionsAt("no braces", 3, catalog)).toBeNull();
  });
});
