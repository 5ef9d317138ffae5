import { describe, expect, it } from "vitest";
import * as triggerById from "@/app/platform/v1/triggers/[triggerId]/route";
import * as definitionRoute from "@/app/platform/v1/workflows/[workflowId]/definition/route";
import * as one from "@/app/platform/v1/workflows/[workflowId]/route";
import * as triggerRoute from "@/app/platform/v1/workflows/[workflowId]/triggers/[triggerId]/route";
import * as triggers from "@/app/platform/v1/workflows/[workflowId]/triggers/route";
import * as list from "@/app/platform/v1/workflows/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";

const BASE = "http://localhost/platform/v1";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  handler: Handler,
  opts: { key?: string | null; method?: string; path: string; body?: unknown; raw?: string; params?: object },
) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.key) headers["x-api-key"] = opts.key;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const res = await handler(
    new Request(`${BASE}${opts.path}`, { method: opts.method ?? "GET", headers, body }),
    {
      params: Promise.resolve((opts.params ?? {}) as Record<string, string>),
    },
  );
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function tenant() {
  const ctx = await makeProject();
  const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "platform test" });
  const number = await makeNumber(ctx);
  return { ctx, key, number };
}

/** Kapso graph: edges without ids, as Kapso clients send them. */
const kapsoGraph = (message: string) => ({
  nodes: [
    { id: "start", type: "flow-node", position: { x: 0, y: 0 }, data: { node_type: "start", config: {} } },
    {
      id: "send_text_1",
      type: "flow-node",
      position: { x: 0, y: 150 },
      data: { node_type: "send_text", display_name: "Greet", config: { message } },
    },
  ],
  edges: [{ source: "start", target: "send_text_1", label: "next" }],
});

describe("Platform API: workflows", () => {
  it("creates, lists, gets and updates workflows in Kapso's shapes", async () => {
    const { key } = await tenant();
    const created = await call(list.POST, {
      key,
      method: "POST",
      path: "/workflows",
      body: { workflow: { name: "Welcome", definition: kapsoGraph("Hi") } },
    });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({
      name: "Welcome",
      status: "draft",
      lock_version: 1,
      description: "",
    });
    expect(created.json.data.definition.edges[0]).toMatchObject({
      source: "start",
      target: "send_text_1",
      id: "edge_1",
    });
    const id = created.json.data.id as string;

    // The `flow` envelope and bare bodies work too.
    expect(
      (await call(list.POST, { key, method: "POST", path: "/workflows", body: { flow: { name: "B" } } }))
        .status,
    ).toBe(201);
    expect(
      (await call(list.POST, { key, method: "POST", path: "/workflows", body: { name: "C" } })).status,
    ).toBe(201);

    const listed = await call(list.GET, { key, path: "/workflows?per_page=2&page=1" });
    expect(listed.status).toBe(200);
    expect(listed.json.meta).toEqual({ page: 1, per_page: 2, total_pages: 2, total_count: 3 });
    expect(listed.json.data[0]).not.toHaveProperty("definition");
    expect(
      (await call(list.GET, { key, path: "/workflows?name=welc" })).json.data.map(
        (w: { id: string }) => w.id,
      ),
    ).toEqual([id]);

    const got = await call(one.GET, { key, path: `/workflows/${id}`, params: { workflowId: id } });
    expect(got.json.data).toMatchObject({
      id,
      name: "Welcome",
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });

    const patched = await call(one.PATCH, {
      key,
      method: "PATCH",
      path: `/workflows/${id}`,
      params: { workflowId: id },
      body: {
        workflow: { name: "Welcome v2", definition: kapsoGraph("Hello"), status: "active", lock_version: 1 },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.data).toMatchObject({ name: "Welcome v2", status: "active", lock_version: 2 });
    expect(patched.json.data.definition.nodes[1].data.config.message).toBe("Hello");

    const def = await call(definitionRoute.GET, {
      key,
      path: `/workflows/${id}/definition`,
      params: { workflowId: id },
    });
    expect(def.json.data).toMatchObject({ workflow_id: id, lock_version: 2 });

    // A stale lock_version is refused and changes nothing.
    const stale = await call(one.PATCH, {
      key,
      method: "PATCH",
      path: `/workflows/${id}`,
      params: { workflowId: id },
      body: { workflow: { name: "Nope", lock_version: 1 } },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: expect.stringMatching(/lock_version/), lock_version: 2 });
    expect(
      (await call(one.GET, { key, path: `/workflows/${id}`, params: { workflowId: id } })).json.data.name,
    ).toBe("Welcome v2");

    const archived = await call(one.PATCH, {
      key,
      method: "PATCH",
      path: `/workflows/${id}`,
      params: { workflowId: id },
      body: { status: "archived" },
    });
    expect(archived.json.data.status).toBe("archived");
  });

  it("refuses activation with the problem list and writes nothing", async () => {
    const { key } = await tenant();
    const created = await call(list.POST, {
      key,
      method: "POST",
      path: "/workflows",
      body: { name: "Broken" },
    });
    const id = created.json.data.id as string;
    const r = await call(one.PATCH, {
      key,
      method: "PATCH",
      path: `/workflows/${id}`,
      params: { workflowId: id },
      body: { workflow: { name: "Renamed", definition: kapsoGraph(""), status: "active" } },
    });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(/problem/);
    expect(r.json.problems).toContainEqual(
      expect.objectContaining({ node_id: "send_text_1", code: "invalid_config", severity: "error" }),
    );
    const after = await call(one.GET, { key, path: `/workflows/${id}`, params: { workflowId: id } });
    expect(after.json.data).toMatchObject({ name: "Broken", status: "draft", lock_version: 1 });

    const onCreate = await call(list.POST, {
      key,
      method: "POST",
      path: "/workflows",
      body: { name: "Broken too", status: "active", definition: kapsoGraph("") },
    });
    expect(onCreate.status).toBe(422);
    expect(await db().workflow.count({ where: { name: "Broken too" } })).toBe(0);
  });

  it("answers 401 without a key, 400 for bad JSON and 422 naming the field", async () => {
    const { key } = await tenant();
    const noKey = await call(list.GET, { key: null, path: "/workflows" });
    expect(noKey.status).toBe(401);
    expect(noKey.json).toEqual({ error: expect.stringMatching(/API key/) });
    expect((await call(list.GET, { key: "sbk_wrong", path: "/workflows" })).status).toBe(401);

    const badJson = await call(list.POST, { key, method: "POST", path: "/workflows", raw: "{not json" });
    expect(badJson.status).toBe(400);
    expect(badJson.json).toEqual({ error: expect.stringMatching(/JSON/) });

    const noName = await call(list.POST, {
      key,
      method: "POST",
      path: "/workflows",
      body: { workflow: { description: "x" } },
    });
    expect(noName.status).toBe(422);
    expect(noName.json.error).toMatch(/^workflow\.name: /);
    expect(noName.json.fields).toHaveProperty(["workflow.name"]);

    const badEdge = await call(list.POST, {
      key,
      method: "POST",
      path: "/workflows",
      body: {
        workflow: { name: "x", definition: { nodes: [], edges: [{ id: "e", source: "a", target: "b" }] } },
      },
    });
    expect(badEdge.status).toBe(422);
    expect(Object.keys(badEdge.json.fields)).toContain("workflow.definition.edges.0.source");

    const badStatus = await call(list.POST, {
      key,
      method: "POST",
      path: "/workflows",
      body: { name: "x", status: "on" },
    });
    expect(badStatus.status).toBe(422);
    expect(badStatus.json.fields).toHaveProperty(["status"]);

    const badPage = await call(list.GET, { key, path: "/workflows?per_page=1000" });
    expect(badPage.status).toBe(422);
    expect(badPage.json.error).toMatch(/^per_page/);
  });

  it("answers 404 for another project's workflows and triggers, and changes nothing there", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const w = await call(list.POST, {
      key: theirs.key,
      method: "POST",
      path: "/workflows",
      body: { name: "Private" },
    });
    const id = w.json.data.id as string;
    const t = await call(triggers.POST, {
      key: theirs.key,
      method: "POST",
      path: `/workflows/${id}/triggers`,
      params: { workflowId: id },
      body: { trigger_type: "api_call" },
    });
    const tid = t.json.data.id as string;
    const k = mine.key;
    const params = { workflowId: id };
    const expect404 = (r: { status: number; json: unknown }) => {
      expect(r.status).toBe(404);
      expect(r.json).toEqual({ error: expect.any(String) });
    };
    expect404(await call(one.GET, { key: k, path: `/workflows/${id}`, params }));
    expect404(await call(definitionRoute.GET, { key: k, path: `/workflows/${id}/definition`, params }));
    expect404(
      await call(one.PATCH, {
        key: k,
        method: "PATCH",
        path: `/workflows/${id}`,
        params,
        body: { name: "pwned" },
      }),
    );
    expect404(await call(triggers.GET, { key: k, path: `/workflows/${id}/triggers`, params }));
    expect404(
      await call(triggers.POST, {
        key: k,
        method: "POST",
        path: `/workflows/${id}/triggers`,
        params,
        body: { trigger_type: "api_call" },
      }),
    );
    expect404(
      await call(triggerRoute.PATCH, {
        key: k,
        method: "PATCH",
        path: `/workflows/${id}/triggers/${tid}`,
        params: { workflowId: id, triggerId: tid },
        body: { active: false },
      }),
    );
    expect404(
      await call(triggerById.DELETE, {
        key: k,
        method: "DELETE",
        path: `/triggers/${tid}`,
        params: { triggerId: tid },
      }),
    );
    expect((await call(list.GET, { key: k, path: "/workflows" })).json.data).toEqual([]);
    const still = await call(one.GET, { key: theirs.key, path: `/workflows/${id}`, params });
    expect(still.json.data.name).toBe("Private");
    expect(
      (await call(triggers.GET, { key: theirs.key, path: `/workflows/${id}/triggers`, params })).json.data,
    ).toHaveLength(1);
  });
});

describe("Platform API: triggers", () => {
  it("creates, lists, toggles and deletes triggers; 409 names the workflow holding the number", async () => {
    const { key, number } = await tenant();
    const mk = async (name: string) =>
      (await call(list.POST, { key, method: "POST", path: "/workflows", body: { name } })).json.data
        .id as string;
    const a = await mk("Front desk");
    const b = await mk("Night shift");

    const created = await call(triggers.POST, {
      key,
      method: "POST",
      path: `/workflows/${a}/triggers`,
      params: { workflowId: a },
      body: { trigger: { trigger_type: "inbound_message", phone_number_id: number.phoneNumberId } },
    });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({
      workflow_id: a,
      trigger_type: "inbound_message",
      active: true,
      phone_number_id: number.phoneNumberId,
      triggerable: { phone_number_id: number.phoneNumberId },
    });
    const tid = created.json.data.id as string;

    const taken = await call(triggers.POST, {
      key,
      method: "POST",
      path: `/workflows/${b}/triggers`,
      params: { workflowId: b },
      body: { trigger_type: "inbound_message", phone_number_id: number.phoneNumberId },
    });
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatch(/"Front desk"/);

    const event = await call(triggers.POST, {
      key,
      method: "POST",
      path: `/workflows/${b}/triggers`,
      params: { workflowId: b },
      body: { trigger_type: "whatsapp_event", event: "whatsapp.message.failed" },
    });
    expect(event.json.data).toMatchObject({
      trigger_type: "whatsapp_event",
      event: "whatsapp.message.failed",
      phone_number_id: null,
    });

    const listed = await call(triggers.GET, {
      key,
      path: `/workflows/${a}/triggers`,
      params: { workflowId: a },
    });
    expect(listed.json.data.map((t: { id: string }) => t.id)).toEqual([tid]);

    const off = await call(triggerRoute.PATCH, {
      key,
      method: "PATCH",
      path: `/workflows/${a}/triggers/${tid}`,
      params: { workflowId: a, triggerId: tid },
      body: { active: false },
    });
    expect(off.json.data.active).toBe(false);
    // Kapso's own path works too.
    const on = await call(triggerById.PATCH, {
      key,
      method: "PATCH",
      path: `/triggers/${tid}`,
      params: { triggerId: tid },
      body: { trigger: { active: true } },
    });
    expect(on.json.data.active).toBe(true);

    // The trigger is not under workflow b.
    expect(
      (
        await call(triggerRoute.PATCH, {
          key,
          method: "PATCH",
          path: `/workflows/${b}/triggers/${tid}`,
          params: { workflowId: b, triggerId: tid },
          body: { active: false },
        })
      ).status,
    ).toBe(404);

    const del = await call(triggerRoute.DELETE, {
      key,
      method: "DELETE",
      path: `/workflows/${a}/triggers/${tid}`,
      params: { workflowId: a, triggerId: tid },
    });
    expect(del.status).toBe(204);
    expect(
      (await call(triggers.GET, { key, path: `/workflows/${a}/triggers`, params: { workflowId: a } })).json
        .data,
    ).toEqual([]);
  });

  it("PATCH changes active only; other fields and bad values are 422s naming the field", async () => {
    const { key, number } = await tenant();
    const w = (await call(list.POST, { key, method: "POST", path: "/workflows", body: { name: "W" } })).json
      .data.id;
    const t = await call(triggers.POST, {
      key,
      method: "POST",
      path: `/workflows/${w}/triggers`,
      params: { workflowId: w },
      body: { trigger_type: "api_call" },
    });
    const params = { workflowId: w, triggerId: t.json.data.id };
    const path = `/workflows/${w}/triggers/${t.json.data.id}`;
    const other = await call(triggerRoute.PATCH, {
      key,
      method: "PATCH",
      path,
      params,
      body: { active: false, phone_number_id: number.phoneNumberId },
    });
    expect(other.status).toBe(422);
    expect(other.json.fields).toHaveProperty(["phone_number_id"]);
    expect(other.json.error).toMatch(/^phone_number_id: Only active/);
    const notBool = await call(triggerRoute.PATCH, {
      key,
      method: "PATCH",
      path,
      params,
      body: { active: "yes" },
    });
    expect(notBool.status).toBe(422);
    expect(notBool.json.fields).toHaveProperty(["active"]);
    expect(
      (await call(triggers.GET, { key, path: `/workflows/${w}/triggers`, params })).json.data[0].active,
    ).toBe(true);

    const badType = await call(triggers.POST, {
      key,
      method: "POST",
      path: `/workflows/${w}/triggers`,
      params,
      body: { trigger_type: "cron" },
    });
    expect(badType.status).toBe(422);
    expect(badType.json.fields).toHaveProperty(["trigger_type"]);
    const badEvent = await call(triggers.POST, {
      key,
      method: "POST",
      path: `/workflows/${w}/triggers`,
      params,
      body: { trigger_type: "whatsapp_event", event: "whatsapp.message.exploded" },
    });
    expect(badEvent.status).toBe(422);
    expect(badEvent.json.fields).toHaveProperty(["event"]);
    const foreign = await makeNumber(await makeProject());
    const foreignNumber = await call(triggers.POST, {
      key,
      method: "POST",
      path: `/workflows/${w}/triggers`,
      params,
      body: { trigger_type: "inbound_message", phone_number_id: foreign.phoneNumberId },
    });
    expect(foreignNumber.status).toBe(422);
    expect(foreignNumber.json.fields).toHaveProperty(["phone_number_id"]);
  });
});
