import { randomUUID } from "node:crypto";
import pg from "pg";

/** Direct rows for builder specs and the benchmark: the canvas is under test, not the list page. */

export const E2E_DATABASE_URL =
  process.env.E2E_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/switchboard_e2e";

type Def = { nodes: unknown[]; edges: unknown[] };

export async function insertWorkflow(name: string, definition: Def, slug = "demo", url = E2E_DATABASE_URL) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The server seeds the demo project on its first boot; wait for it rather than race it.
    let projectId: string | undefined;
    for (let i = 0; i < 100 && !projectId; i++) {
      const project = await client.query<{ id: string }>(`SELECT id FROM "Project" WHERE slug = $1`, [slug]);
      projectId = project.rows[0]?.id;
      if (!projectId) await new Promise((r) => setTimeout(r, 100));
    }
    if (!projectId) throw new Error(`no project ${slug}`);
    const id = `wf_${randomUUID().replaceAll("-", "")}`;
    const json = JSON.stringify(definition);
    await client.query(
      `INSERT INTO "Workflow" (id, "projectId", name, definition, version, "updatedAt") VALUES ($1, $2, $3, $4::jsonb, 1, now())`,
      [id, projectId, name, json],
    );
    await client.query(
      `INSERT INTO "WorkflowVersion" (id, "projectId", "workflowId", version, definition, note)
       VALUES ($1, $2, $3, 1, $4::jsonb, 'Created')`,
      [`wv_${randomUUID().replaceAll("-", "")}`, projectId, id, json],
    );
    return id;
  } finally {
    await client.end();
  }
}

export const startOnly = (): Def => ({
  nodes: [
    { id: "start", type: "flow-node", position: { x: 0, y: 0 }, data: { node_type: "start", config: {} } },
  ],
  edges: [],
});

/** A generated graph: a binary tree of send_text/decide nodes plus cross links, `n` nodes and `e` edges. */
export function generatedDefinition(n: number, e: number): Def {
  const nodes: unknown[] = [
    { id: "start", type: "flow-node", position: { x: 0, y: 0 }, data: { node_type: "start", config: {} } },
  ];
  const edges: { id: string; source: string; target: string; sourceHandle?: string; label: string }[] = [];
  const cols = Math.ceil(Math.sqrt(n));
  for (let i = 1; i < n; i++) {
    nodes.push({
      id: `n${i}`,
      type: "flow-node",
      position: { x: (i % cols) * 320, y: Math.floor(i / cols) * 200 },
      data: {
        node_type: "send_text",
        display_name: `Step ${i}`,
        config: { message: `Message ${i} for {{vars.name}}` },
      },
    });
  }
  const id = (i: number) => (i === 0 ? "start" : `n${i}`);
  // A chain keeps every node reachable; the rest are forward links from nodes that still have a free
  // output. send_text has a single output, so extra edges would be duplicates: give them decide nodes.
  for (let i = 1; i < n; i++) edges.push({ id: `e${i}`, source: id(i - 1), target: id(i), label: "next" });
  let k = 0;
  for (let i = 1; edges.length < e && i < n - 2; i += Math.max(1, Math.floor(n / (e - n + 2)))) {
    const node = nodes[i] as { data: { node_type: string; config: Record<string, unknown> } };
    node.data.node_type = "decide";
    node.data.config = {
      decision_type: "ai",
      conditions: [
        { id: "a", label: "a" },
        { id: "b", label: "b" },
      ],
    };
    const chain = edges.find((x) => x.source === id(i));
    if (chain) {
      chain.sourceHandle = "a";
      chain.label = "a";
    }
    edges.push({
      id: `x${k++}`,
      source: id(i),
      target: id(Math.min(n - 1, i + 2)),
      sourceHandle: "b",
      label: "b",
    });
  }
  return { nodes, edges };
}
