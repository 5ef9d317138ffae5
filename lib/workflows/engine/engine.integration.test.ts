// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV:KEY} is the workflow's own syntax under test
import { describe, expect, it } from "vitest";
import { teamAudience } from "@/lib/auth/scope";
import { readConversationItems, toListItem } from "@/lib/conversations/data";
import { db } from "@/lib/db/client";
import {
  activeWorkflow,
  customerWrites,
  edges,
  eventTypes,
  executionsOf,
  flowNode as n,
  projectWithNumber,
  registerEngineHarness,
  randomWaId as waId,
} from "@/lib/testing/engine-harness";
import { memberActor } from "@/prisma/factories";
import { createEnvVariable } from "../env-variables";
import { createTrigger } from "../triggers";
import { executionsForPage, getExecution, listExecutionEvents } from "./execution-data";
import { changeExecutionStatus } from "./parked-mutations";

// The engine end to end in one process: real outbox dispatch, real pg-boss jobs and timers, sends
// through the messaging core to a Graph stand-in on a real port.

const { texts } = await registerEngineHarness();

describe("workflow engine", () => {
  it("an inbound message starts the workflow; the reply resumes its wait; handoff hands the chat over", async () => {
    const { ctx, number } = await projectWithNumber();
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("hello", "send_text", {
            message: "Hi {{context.contact.profile_name}}, you said {{last_user_input}}",
          }),
          n("ask", "wait_for_response", { save_response_to: "answer" }),
          n("count", "set_variable", { variable_name: "n", variable_value: "41", value_type: "number" }),
          n("echo", "send_text", { message: "Got {{vars.answer}} ({{vars.n}}) on {{system.flow_name}}" }),
          n("human", "handoff", { reason: "wants a person" }),
        ],
        edges: edges(
          ["start", "hello"],
          ["hello", "ask"],
          ["ask", "count", "response"],
          ["count", "echo"],
          ["echo", "human"],
        ),
      },
      { inboundNumberId: number.id, name: "Greeter" },
    );
    const customer = waId();
    await customerWrites(number.phoneNumberId, customer, "hello there");
    await expect.poll(() => texts(customer), { timeout: 10_000 }).toEqual(["Hi Casey, you said hello there"]);
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 10_000 }).toBe("WAITING");

    const inboxStatus = async () => {
      const [e] = await executionsOf(wf);
      const { rows } = await readConversationItems(db(), [e!.conversationId!]);
      return toListItem(teamAudience, rows[0]!, null).workflowStatus;
    };
    expect(await inboxStatus()).toBe("waiting");
    await customerWrites(number.phoneNumberId, customer, "blue");
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 10_000 }).toBe("HANDOFF");
    // The inbox's conversation list shows it.
    expect(await inboxStatus()).toBe("handoff");
    expect(texts(customer)).toEqual(["Hi Casey, you said hello there", "Got blue (41) on Greeter"]);
    const [exec] = await executionsOf(wf);
    expect(exec?.vars).toEqual({ answer: "blue", n: 41 });

    // In handoff a person owns the chat: further messages start nothing and reach no step.
    await customerWrites(number.phoneNumberId, customer, "anyone?");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await executionsOf(wf)).toHaveLength(1);
    expect(texts(customer)).toHaveLength(2);

    const types = await eventTypes(exec!.id);
    expect(types[0]).toBe("execution_started");
    expect(types).toContain("execution_waiting");
    expect(types).toContain("user_input_received");
    expect(types).toContain("variables_set");
    expect(types).toContain("execution_handoff");
    const domain = await db().domainEvent.findMany({
      where: { projectId: ctx.projectId, type: { startsWith: "workflow.execution." } },
      orderBy: { id: "asc" },
    });
    expect(domain.map((d) => d.type)).toEqual([
      "workflow.execution.started",
      "workflow.execution.waiting",
      "workflow.execution.handoff",
    ]);

    // Kapso's manual control: handoff → ended is allowed, ended → waiting is a 422.
    await changeExecutionStatus(ctx.projectId, exec!.id, "ended", { userId: ctx.user.id });
    await expect(
      changeExecutionStatus(ctx.projectId, exec!.id, "waiting", { userId: ctx.user.id }),
    ).rejects.toThrow(/cannot become waiting/);
    // A new message after the end starts a new execution.
    await customerWrites(number.phoneNumberId, customer, "hi again");
    await expect.poll(async () => (await executionsOf(wf)).length, { timeout: 10_000 }).toBe(2);
  }, 40_000);

  it("a wait with a timeout resumes by its timeout output after the time, durably", async () => {
    const { ctx, number } = await projectWithNumber();
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("ask", "wait_for_response", { save_response_to: "x", has_timeout: true, timeout_seconds: 10 }),
          n("late", "send_text", { message: "Still there? ({{system.last_resume.reason}})" }),
          n("ok", "send_text", { message: "thanks" }),
        ],
        edges: edges(["start", "ask"], ["ask", "late", "timeout"], ["ask", "ok", "response"]),
      },
      { inboundNumberId: number.id },
    );
    const customer = waId();
    await customerWrites(number.phoneNumberId, customer, "start");
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 10_000 }).toBe("WAITING");
    const [waiting] = await executionsOf(wf);
    expect(waiting?.waitingUntil).toBeTruthy();
    await expect
      .poll(() => texts(customer), { timeout: 20_000, interval: 200 })
      .toEqual(["Still there? (timeout)"]);
    const late = Date.now() - (waiting?.waitingUntil?.getTime() ?? 0);
    expect(late).toBeLessThan(3000);
    await expect.poll(async () => (await executionsOf(wf))[0]?.status).toBe("ENDED");
  }, 40_000);

  it("a called workflow runs as a child and its variables merge back into the caller", async () => {
    const { ctx, number } = await projectWithNumber();
    const child = await activeWorkflow(ctx, {
      nodes: [
        n("start", "start"),
        n("set", "set_variable", { variable_name: "plan", variable_value: "gold" }),
      ],
      edges: edges(["start", "set"]),
    });
    const parent = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("call", "call", { workflow_id: child }),
          n("say", "send_text", { message: "plan={{vars.plan}} depth ok" }),
        ],
        edges: edges(["start", "call"], ["call", "say"]),
      },
      { inboundNumberId: number.id },
    );
    const customer = waId();
    await customerWrites(number.phoneNumberId, customer, "go");
    await expect.poll(() => texts(customer), { timeout: 15_000 }).toEqual(["plan=gold depth ok"]);
    await expect.poll(async () => (await executionsOf(parent))[0]?.status).toBe("ENDED");
    const [childRun] = await executionsOf(child);
    expect(childRun?.parentExecutionId).toBe((await executionsOf(parent))[0]?.id);
    expect(childRun?.status).toBe("ENDED");
    // The executions page names the step each finished run ended on (the API's current_step is null).
    const [listed] = await executionsForPage(ctx.projectId, parent);
    expect(listed?.current_step).toBeNull();
    expect(listed?.last_step).toMatchObject({ id: "say", node_type: "send_text", display_name: "say" });
    const [childListed] = await executionsForPage(ctx.projectId, child);
    expect(childListed?.last_step?.id).toBe("set");
  }, 30_000);

  it("secrets substituted from ${ENV:…} never appear in events or execution reads", async () => {
    const { ctx, number } = await projectWithNumber();
    const secret = "sk-live-very-secret-value";
    const scope = { projectId: ctx.projectId };
    const actor = { kind: "user" as const, userId: ctx.user.id, role: ctx.role };
    await createEnvVariable(scope, actor, {
      key: "TOKEN",
      productionValue: secret,
      developmentValue: "dev",
      secret: true,
    } as never);
    const wf = await activeWorkflow(
      ctx,
      {
        nodes: [
          n("start", "start"),
          n("keep", "set_variable", { variable_name: "auth", variable_value: "Bearer ${ENV:TOKEN}" }),
          n("bad", "set_variable", {
            variable_name: "num",
            variable_value: "${ENV:TOKEN}",
            value_type: "number",
          }),
        ],
        edges: edges(["start", "keep"], ["keep", "bad"]),
      },
      { inboundNumberId: number.id },
    );
    await customerWrites(number.phoneNumberId, waId(), "go");
    await expect.poll(async () => (await executionsOf(wf))[0]?.status, { timeout: 10_000 }).toBe("FAILED");
    const [exec] = await executionsOf(wf);
    // The row keeps the real value (the run needs it); nothing read from outside does.
    expect(JSON.stringify(exec?.vars)).toContain(secret);
    const read = await getExecution(ctx.projectId, exec!.id);
    const events = await listExecutionEvents(ctx.projectId, exec!.id, new URL("http://x/e"));
    const rawEvents = await db().workflowExecutionEvent.findMany({ where: { executionId: exec!.id } });
    for (const out of [read, events, rawEvents.map((e) => ({ ...e, id: String(e.id) })), exec?.error]) {
      expect(JSON.stringify(out)).not.toContain(secret);
    }
    expect(read.variables.auth).toBe("Bearer [secret]");
    expect(read.status).toBe("failed");
    expect(JSON.stringify(read.error)).toMatch(/not a number/);
  }, 30_000);

  it("a WhatsApp event trigger starts an observer execution for its event only, in its own project", async () => {
    const { ctx, number } = await projectWithNumber();
    const other = await projectWithNumber();
    const flow = {
      nodes: [n("start", "start"), n("note", "set_variable", { variable_name: "seen", variable_value: "1" })],
      edges: edges(["start", "note"]),
    };
    const watch = async (
      p: typeof ctx,
      eventType: "whatsapp.message.received" | "whatsapp.message.failed",
    ) => {
      const wf = await activeWorkflow(p, flow);
      await createTrigger({ projectId: p.projectId }, memberActor(p), {
        workflowId: wf,
        trigger: { type: "WHATSAPP_EVENT", eventType, active: true },
      });
      return wf;
    };
    const onReceived = await watch(ctx, "whatsapp.message.received");
    const onFailed = await watch(ctx, "whatsapp.message.failed");
    const elsewhere = await watch(other.ctx, "whatsapp.message.received");

    await customerWrites(number.phoneNumberId, waId(), "hello");
    await expect
      .poll(async () => (await executionsOf(onReceived)).map((e) => [e.observer, e.status]), {
        timeout: 10_000,
      })
      .toEqual([[true, "ENDED"]]);
    // The same dispatch handled the event for every subscriber: nothing else was started.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await executionsOf(onFailed)).toHaveLength(0);
    expect(await executionsOf(elsewhere)).toHaveLength(0);
  }, 30_000);
});
