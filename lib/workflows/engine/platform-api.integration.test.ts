import { describe, expect, it } from "vitest";
import * as conversationRuns from "@/app/platform/v1/whatsapp/conversations/[conversationId]/workflow_executions/route";
import * as eventsRoute from "@/app/platform/v1/workflow_executions/[executionId]/events/route";
import * as resumeRoute from "@/app/platform/v1/workflow_executions/[executionId]/resume/route";
import * as one from "@/app/platform/v1/workflow_executions/[executionId]/route";
import * as executions from "@/app/platform/v1/workflows/[workflowId]/executions/route";
import * as workflowRoute from "@/app/platform/v1/workflows/[workflowId]/route";
import * as variables from "@/app/platform/v1/workflows/[workflowId]/variables/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import {
  activeWorkflow,
  customerWrites,
  edges,
  executionsOf,
  flowNode as n,
  projectWithNumber,
  registerEngineHarness,
} from "@/lib/testing/engine-harness";
import { memberActor, memberScope } from "@/prisma/factories";

// Kapso's executions API over the route handlers, with the engine running (jobs, outbox dispatch).

await registerEngineHarness();

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
async function call(
  handler: Handler,
  key: string,
  opts: { method?: string; path: string; body?: unknown; params: Record<string, string> },
) {
  const res = await handler(
    new Request(`http://localhost/platform/v1${opts.path}`, {
      method: opts.method ?? "GET",
      headers: { "content-type": "application/json", "x-api-key": key },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    { params: Promise.resolve(opts.params) },
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

async function tenant() {
  const { ctx, number } = await projectWithNumber();
  const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "engine api" });
  return { ctx, key, number };
}

const waitFlow = {
  nodes: [
    n("start", "start"),
    n("hello", "set_variable", { variable_name: "greeting", variable_value: "Hello {{vars.name}}" }),
    n("ask", "wait_for_response", { save_response_to: "answer" }),
  ],
  edges: edges(["start", "hello"], ["hello", "ask"]),
};

describe("Platform API: workflow executions", () => {
  it("POST …/executions answers 202 with a tracking id; the run shows in the list and by id, and can be steered", async () => {
    const { ctx, key } = await tenant();
    const wf = await activeWorkflow(ctx, waitFlow, { api: true });
    const params = { workflowId: wf };
    const started = await call(executions.POST as Handler, key, {
      method: "POST",
      path: `/workflows/${wf}/executions`,
      params,
      body: {
        workflow_execution: {
          phone_number: "+1 555 010 2030",
          variables: { name: "Ana" },
          context: { source: "test" },
        },
      },
    });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ message: "Workflow execution initiated", workflow_id: wf });
    expect(started.headers.get("X-Burst-RateLimit-Limit")).toBe("5");
    const tracking = started.json.tracking_id as string;

    await expect
      .poll(
        async () =>
          (await call(one.GET as Handler, key, { path: "", params: { executionId: tracking } })).json.data
            .status,
        {
          timeout: 10_000,
        },
      )
      .toBe("waiting");
    const got = await call(one.GET as Handler, key, { path: "", params: { executionId: tracking } });
    expect(got.json.data).toMatchObject({
      workflow_id: wf,
      trigger_type: "api_call",
      phone_number: "15550102030",
      variables: { name: "Ana", greeting: "Hello Ana" },
      current_step: { id: "ask", node_type: "wait_for_response" },
    });
    expect(got.json.data.context).toMatchObject({ source: "test", channel: "api" });

    const list = await call(executions.GET as Handler, key, { path: `/workflows/${wf}/executions`, params });
    expect(list.status).toBe(200);
    expect(list.json.data.map((e: { tracking_id: string }) => e.tracking_id)).toEqual([tracking]);
    const filtered = await call(executions.GET as Handler, key, {
      path: `/workflows/${wf}/executions?status=ended`,
      params,
    });
    expect(filtered.json.data).toEqual([]);

    // Resume: as if the customer answered.
    const execId = got.json.data.id as string;
    const resumed = await call(resumeRoute.POST as Handler, key, {
      method: "POST",
      path: "",
      params: { executionId: execId },
      body: { message: "yes please" },
    });
    expect(resumed.status).toBe(200);
    await expect
      .poll(
        async () =>
          (await call(one.GET as Handler, key, { path: "", params: { executionId: execId } })).json.data
            .status,
      )
      .toBe("ended");
    const final = await call(one.GET as Handler, key, { path: "", params: { executionId: execId } });
    expect(final.json.data.variables.answer).toBe("yes please");

    // Events, paged by cursor.
    const page1 = await call(eventsRoute.GET as Handler, key, {
      path: `/workflow_executions/${execId}/events?limit=2`,
      params: { executionId: execId },
    });
    expect(page1.json.data).toHaveLength(2);
    expect(page1.json.data[0].event_type).toBe("execution_started");
    expect(page1.json.paging.next).toBeTruthy();
    const page2 = await call(eventsRoute.GET as Handler, key, {
      path: `/workflow_executions/${execId}/events?limit=100&after=${page1.json.paging.cursors.after}`,
      params: { executionId: execId },
    });
    expect(Number(page2.json.data[0].id)).toBeGreaterThan(Number(page1.json.data[1].id));
    expect(page2.json.data.map((e: { event_type: string }) => e.event_type)).toContain("execution_resumed");

    // Ended is terminal: PATCH to waiting is a 422; running is never allowed by hand.
    const refused = await call(one.PATCH as Handler, key, {
      method: "PATCH",
      path: "",
      params: { executionId: execId },
      body: { workflow_execution: { status: "waiting" } },
    });
    expect(refused.status).toBe(422);
    const running = await call(one.PATCH as Handler, key, {
      method: "PATCH",
      path: "",
      params: { executionId: execId },
      body: { workflow_execution: { status: "running" } },
    });
    expect(running.status).toBe(422);
    expect(running.json.error).toMatch(/status/);

    const vars = await call(variables.GET as Handler, key, { path: "", params });
    expect(vars.json.data.map((v: { name: string }) => v.name)).toEqual(["answer", "greeting", "name"]);

    // Another project's key sees none of it.
    const other = await tenant();
    expect(
      (await call(one.GET as Handler, other.key, { path: "", params: { executionId: execId } })).status,
    ).toBe(404);
    expect(
      (await call(executions.GET as Handler, other.key, { path: `/workflows/${wf}/executions`, params }))
        .status,
    ).toBe(404);
  }, 40_000);

  it("refuses drafts (422) and bursts over 5 a second per key and workflow (429 with Retry-After)", async () => {
    const { ctx, key } = await tenant();
    const wf = await activeWorkflow(ctx, waitFlow, { api: true });
    const body = { workflow_execution: { phone_number: "+15550102031" } };
    const burst = () =>
      Promise.all(
        Array.from({ length: 8 }, () =>
          call(executions.POST as Handler, key, {
            method: "POST",
            path: "",
            params: { workflowId: wf },
            body,
          }),
        ),
      );
    // 8 at once: at least 5 pass (more when they straddle a second boundary on a busy machine); a burst
    // that straddled is sent again, up to three times, until one lands within a second.
    let answers = await burst();
    expect(answers.filter((a) => a.status === 202).length).toBeGreaterThanOrEqual(5);
    let limited = answers.filter((a) => a.status === 429);
    for (let round = 1; round < 3 && limited.length === 0; round++) {
      answers = await burst();
      limited = answers.filter((a) => a.status === 429);
    }
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.headers.get("Retry-After")).toBe("1");
    expect(limited[0]?.headers.get("X-Burst-RateLimit-Remaining")).toBe("0");
    expect(limited[0]?.json.error).toMatch(/Rate limit/);

    const bad = await call(executions.POST as Handler, key, {
      method: "POST",
      path: "",
      params: { workflowId: wf },
      body: { workflow_execution: { phone_number: "call me" } },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error).toMatch(/phone_number/);

    // PATCH status paused really deactivates: no published version, and the API refuses to run it.
    const paused = await call(workflowRoute.PATCH as Handler, key, {
      method: "PATCH",
      path: "",
      params: { workflowId: wf },
      body: { workflow: { status: "paused" } },
    });
    expect(paused.status).toBe(200);
    expect(paused.json.data.status).toBe("draft");
    const row = await db().workflow.findUniqueOrThrow({ where: { id: wf } });
    expect(row.publishedVersionId).toBeNull();
    await new Promise((r) => setTimeout(r, 1100)); // a fresh burst second
    const draft = await call(executions.POST as Handler, key, {
      method: "POST",
      path: "",
      params: { workflowId: wf },
      body,
    });
    expect(draft.status).toBe(422);
    expect(draft.json.error).toMatch(/active/);
  }, 30_000);

  it("a conversation's executions are listed for it; a paused inbound workflow starts nothing", async () => {
    const { ctx, key, number } = await tenant();
    const wf = await activeWorkflow(ctx, waitFlow, { inboundNumberId: number.id });
    await customerWrites(number.phoneNumberId, "15550109999", "hi");
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 10_000 }).toBe("WAITING");
    const [exec] = await executionsOf(wf);
    const conversationId = exec!.conversationId!;
    const runs = await call(conversationRuns.GET as Handler, key, { path: "", params: { conversationId } });
    expect(runs.json.data.map((r: { id: string }) => r.id)).toEqual([exec!.id]);

    const stop = await call(one.PATCH as Handler, key, {
      method: "PATCH",
      path: "",
      params: { executionId: exec!.id },
      body: { workflow_execution: { status: "ended" } },
    });
    expect(stop.json.data.status).toBe("ended");
    await call(workflowRoute.PATCH as Handler, key, {
      method: "PATCH",
      path: "",
      params: { workflowId: wf },
      body: { workflow: { status: "draft" } },
    });
    await customerWrites(number.phoneNumberId, "15550109999", "again");
    await new Promise((r) => setTimeout(r, 2000));
    expect(await executionsOf(wf)).toHaveLength(1);
  }, 30_000);
});
