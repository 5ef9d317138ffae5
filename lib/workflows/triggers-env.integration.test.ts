import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeNumber, makeProject } from "@/prisma/factories";
import {
  createEnvVariable,
  deleteEnvVariable,
  effectiveEnv,
  envForExecution,
  listEnvVariables,
  updateEnvVariable,
} from "./env-variables";
import { createWorkflow, setArchived } from "./mutations";
import { callerOf, rejects } from "./test-helpers";
import { createTrigger, deleteTrigger, listTriggers, setTriggerActive } from "./triggers";

async function setup() {
  const owner = await makeProject();
  const a = callerOf(owner);
  const number = await makeNumber(owner);
  const first = await createWorkflow(...a, { name: "First responder", description: "" });
  const second = await createWorkflow(...a, { name: "Second", description: "" });
  return { owner, a, number, first, second };
}

describe("triggers", () => {
  it("allows one active inbound-message trigger per number, naming the workflow that holds it", async () => {
    const { a, owner, number, first, second } = await setup();
    const t1 = await createTrigger(...a, {
      workflowId: first.id,
      trigger: {
        type: "INBOUND_MESSAGE",
        phoneNumberId: number.id,
        active: true,
      },
    });
    expect(t1).toMatchObject({ type: "INBOUND_MESSAGE", active: true, eventType: null });
    expect(t1.phoneNumber?.phoneNumberId).toBe(number.phoneNumberId);

    const e = await rejects(
      createTrigger(...a, {
        workflowId: second.id,
        trigger: { type: "INBOUND_MESSAGE", phoneNumberId: number.id, active: true },
      }),
      "conflict",
      /First responder/,
    );
    expect(e.status).toBe(409);
    expect(e.details).toMatchObject({ workflowId: first.id });

    // An inactive one may wait in the wings, but cannot be switched on while the first is active.
    const t2 = await createTrigger(...a, {
      workflowId: second.id,
      trigger: {
        type: "INBOUND_MESSAGE",
        phoneNumberId: number.id,
        active: false,
      },
    });
    await rejects(setTriggerActive(...a, { triggerId: t2.id, active: true }), "conflict", /First responder/);
    await setTriggerActive(...a, { triggerId: t1.id, active: false });
    expect((await setTriggerActive(...a, { triggerId: t2.id, active: true })).active).toBe(true);

    // Archiving frees the number.
    await setArchived(...a, { workflowId: second.id, archived: true });
    expect((await listTriggers(owner.projectId, second.id))[0]?.active).toBe(false);
    expect((await setTriggerActive(...a, { triggerId: t1.id, active: true })).active).toBe(true);
  });

  it("lets exactly one of two concurrent inbound triggers on a number win", async () => {
    const { a, number, first, second } = await setup();
    const results = await Promise.allSettled([
      createTrigger(...a, {
        workflowId: first.id,
        trigger: { type: "INBOUND_MESSAGE", phoneNumberId: number.id, active: true },
      }),
      createTrigger(...a, {
        workflowId: second.id,
        trigger: { type: "INBOUND_MESSAGE", phoneNumberId: number.id, active: true },
      }),
      createTrigger(...a, {
        workflowId: second.id,
        trigger: { type: "INBOUND_MESSAGE", phoneNumberId: number.id, active: true },
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as { code: string }).code).toBe("conflict");
    }
    expect(await db().workflowTrigger.count({ where: { phoneNumberId: number.id, active: true } })).toBe(1);
  });

  it("the database itself refuses a second active inbound trigger (not only the pre-check)", async () => {
    const { owner, number, first, second } = await setup();
    const row = { projectId: owner.projectId, type: "INBOUND_MESSAGE" as const, phoneNumberId: number.id };
    await db().workflowTrigger.create({ data: { ...row, workflowId: first.id } });
    await expect(
      db().workflowTrigger.create({ data: { ...row, workflowId: second.id } }),
    ).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("allows one active event trigger per (event, number), with 'any number' as its own slot", async () => {
    const { a, number, first, second } = await setup();
    const received = "whatsapp.message.received" as const;
    await createTrigger(...a, {
      workflowId: first.id,
      trigger: {
        type: "WHATSAPP_EVENT",
        eventType: received,
        phoneNumberId: number.id,
        active: true,
      },
    });
    await rejects(
      createTrigger(...a, {
        workflowId: second.id,
        trigger: {
          type: "WHATSAPP_EVENT",
          eventType: received,
          phoneNumberId: number.id,
          active: true,
        },
      }),
      "conflict",
      /First responder.*whatsapp\.message\.received/,
    );
    // Another event on the same number, and the same event on another number, are free.
    await createTrigger(...a, {
      workflowId: second.id,
      trigger: {
        type: "WHATSAPP_EVENT",
        eventType: "whatsapp.message.failed",
        phoneNumberId: number.id,
        active: true,
      },
    });
    // "Any number": one per event in the project, NULLs included.
    await createTrigger(...a, {
      workflowId: first.id,
      trigger: {
        type: "WHATSAPP_EVENT",
        eventType: received,
        phoneNumberId: null,
        active: true,
      },
    });
    await rejects(
      createTrigger(...a, {
        workflowId: second.id,
        trigger: { type: "WHATSAPP_EVENT", eventType: received, active: true },
      }),
      "conflict",
      /any number/,
    );
    const race = await Promise.allSettled(
      [first.id, second.id].map((w) =>
        createTrigger(...a, {
          workflowId: w,
          trigger: {
            type: "WHATSAPP_EVENT",
            eventType: "whatsapp.conversation.ended",
            phoneNumberId: null,
            active: true,
          },
        }),
      ),
    );
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("does not let another project's 'any number' trigger take this project's slot", async () => {
    const one = await setup();
    const two = await setup();
    const fields = {
      type: "WHATSAPP_EVENT" as const,
      eventType: "whatsapp.conversation.created" as const,
      phoneNumberId: null,
      active: true,
    };
    await createTrigger(...one.a, { workflowId: one.first.id, trigger: fields });
    expect((await createTrigger(...two.a, { workflowId: two.first.id, trigger: fields })).active).toBe(true);
  });

  it("API-call triggers have no uniqueness; numbers from another project are rejected naming the field", async () => {
    const { a, first } = await setup();
    await createTrigger(...a, { workflowId: first.id, trigger: { type: "API_CALL", active: true } });
    await createTrigger(...a, { workflowId: first.id, trigger: { type: "API_CALL", active: true } });
    const other = await makeProject();
    const foreign = await makeNumber(other);
    const e = await rejects(
      createTrigger(...a, {
        workflowId: first.id,
        trigger: { type: "INBOUND_MESSAGE", phoneNumberId: foreign.id, active: true },
      }),
      "validation",
    );
    expect(e.fields).toHaveProperty("phoneNumberId");
  });

  it("keeps triggers inside their project", async () => {
    const one = await setup();
    const two = await setup();
    const t = await createTrigger(...two.a, {
      workflowId: two.first.id,
      trigger: { type: "API_CALL", active: true },
    });
    await rejects(
      createTrigger(...one.a, { workflowId: two.first.id, trigger: { type: "API_CALL", active: true } }),
      "not_found",
    );
    await rejects(setTriggerActive(...one.a, { triggerId: t.id, active: false }), "not_found");
    await rejects(deleteTrigger(...one.a, { triggerId: t.id }), "not_found");
    expect((await listTriggers(two.owner.projectId, two.first.id))[0]?.active).toBe(true);
    await deleteTrigger(...two.a, { triggerId: t.id });
    expect(await listTriggers(two.owner.projectId, two.first.id)).toEqual([]);
  });
});

describe("environment variables", () => {
  it("lets workflow-level values win over project-level ones, per environment", async () => {
    const { a, owner, first, second } = await setup();
    await createEnvVariable(...a, {
      key: "API_URL",
      developmentValue: "http://dev",
      productionValue: "https://prod",
      secret: false,
    });
    await createEnvVariable(...a, {
      key: "GREETING",
      developmentValue: "hi",
      productionValue: "Hello",
      secret: false,
    });
    await createEnvVariable(...a, {
      workflowId: first.id,
      key: "API_URL",
      developmentValue: "http://wf-dev",
      productionValue: "https://wf-prod",
      secret: false,
    });

    const dev = await effectiveEnv(owner.projectId, first.id, "development");
    expect(dev).toEqual([
      { key: "API_URL", value: "http://wf-dev", secret: false, source: "workflow", overridesProject: true },
      { key: "GREETING", value: "hi", secret: false, source: "project", overridesProject: false },
    ]);
    expect(await envForExecution(owner.projectId, first.id, "production")).toEqual({
      API_URL: "https://wf-prod",
      GREETING: "Hello",
    });
    // The other workflow sees only the project's value.
    expect(await envForExecution(owner.projectId, second.id, "production")).toEqual({
      API_URL: "https://prod",
      GREETING: "Hello",
    });
    await rejects(
      createEnvVariable(...a, { key: "API_URL", developmentValue: "", productionValue: "", secret: false }),
      "conflict",
      /project-level variable named API_URL/,
    );
  });

  it("stores secrets sealed and never returns them, while the engine can still read them", async () => {
    const { a, owner, first } = await setup();
    const created = await createEnvVariable(...a, {
      workflowId: first.id,
      key: "STRIPE_KEY",
      developmentValue: "sk_test_123",
      productionValue: "sk_live_456",
      secret: true,
    });
    expect(created).toMatchObject({
      secret: true,
      developmentValue: null,
      productionValue: null,
      hasDevelopmentValue: true,
      hasProductionValue: true,
    });
    const raw = await db().envVariable.findUniqueOrThrow({ where: { id: created.id } });
    expect(raw.developmentValue).not.toContain("sk_test_123");
    expect(raw.productionValue).toMatch(/^v1\./);
    expect(JSON.stringify(await listEnvVariables(owner.projectId, first.id))).not.toContain("sk_");
    expect(JSON.stringify(await effectiveEnv(owner.projectId, first.id, "production"))).not.toContain("sk_");
    const audit = await db().auditLog.findMany({
      where: { projectId: owner.projectId, targetId: created.id },
    });
    expect(JSON.stringify(audit)).not.toContain("sk_");

    // Updating one value keeps the other; the secret flag cannot be turned off.
    await updateEnvVariable(...a, { variableId: created.id, productionValue: "sk_live_789" });
    expect(await envForExecution(owner.projectId, first.id, "production")).toEqual({
      STRIPE_KEY: "sk_live_789",
    });
    expect(await envForExecution(owner.projectId, first.id, "development")).toEqual({
      STRIPE_KEY: "sk_test_123",
    });
    await rejects(updateEnvVariable(...a, { variableId: created.id, secret: false }), "validation");
  });

  it("seals existing values when a plain variable becomes secret", async () => {
    const { a, owner, first } = await setup();
    const v = await createEnvVariable(...a, {
      key: "TOKEN",
      developmentValue: "abc",
      productionValue: "def",
      secret: false,
    });
    const now = await updateEnvVariable(...a, { variableId: v.id, secret: true });
    expect(now).toMatchObject({ secret: true, developmentValue: null });
    const raw = await db().envVariable.findUniqueOrThrow({ where: { id: v.id } });
    expect(raw.developmentValue).toMatch(/^v1\./);
    expect(await envForExecution(owner.projectId, first.id, "production")).toEqual({ TOKEN: "def" });
  });

  it("keeps variables inside their project", async () => {
    const one = await setup();
    const two = await setup();
    const v = await createEnvVariable(...two.a, {
      key: "K",
      developmentValue: "x",
      productionValue: "y",
      secret: false,
    });
    await rejects(updateEnvVariable(...one.a, { variableId: v.id, developmentValue: "pwned" }), "not_found");
    await rejects(deleteEnvVariable(...one.a, { variableId: v.id }), "not_found");
    await rejects(listEnvVariables(one.owner.projectId, two.first.id), "not_found");
    await rejects(effectiveEnv(one.owner.projectId, two.first.id, "development"), "not_found");
    await rejects(
      createEnvVariable(...one.a, {
        workflowId: two.first.id,
        key: "K",
        developmentValue: "",
        productionValue: "",
        secret: false,
      }),
      "not_found",
    );
    expect((await listEnvVariables(one.owner.projectId)).map((x) => x.key)).toEqual([]);
    await deleteEnvVariable(...two.a, { variableId: v.id });
    expect(await listEnvVariables(two.owner.projectId)).toEqual([]);
  });
});
