import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeMember, makeNumber, makeProject } from "@/prisma/factories";

// The actions exactly as the browser calls them, with the session cookie replaced by a chosen user.
const session = vi.hoisted(() => ({ userId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => (session.userId ? { user: { id: session.userId } } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const actions = await import("./actions");
const { textFlow } = await import("./test-helpers");

beforeEach(() => {
  session.userId = null;
});

describe("workflow server actions", () => {
  it("runs the whole editor round trip for an admin", async () => {
    const owner = await makeProject();
    session.userId = owner.user.id;
    const projectId = owner.projectId;
    const created = await actions.createWorkflowAction({ projectId, name: "Greeter" });
    if (!created.ok) throw new Error(created.error);
    const workflowId = created.data.id;

    const saved = await actions.saveWorkflowAction({
      projectId,
      workflowId,
      definition: textFlow("Hi"),
      expectedVersion: 1,
    });
    expect(saved).toMatchObject({ ok: true, data: { version: 2 } });

    const stale = await actions.saveWorkflowAction({
      projectId,
      workflowId,
      definition: textFlow("Yo"),
      expectedVersion: 1,
    });
    expect(stale).toMatchObject({ ok: false, code: "conflict", details: { currentVersion: 2 } });

    const loaded = await actions.getWorkflowAction({ projectId, workflowId });
    expect(loaded).toMatchObject({
      ok: true,
      data: { version: 2, definition: textFlow("Hi"), triggers: [] },
    });

    const bad = await actions.saveWorkflowAction({
      projectId,
      workflowId,
      definition: { nodes: [], edges: [{ id: "e", source: "x", target: "y" }] },
      expectedVersion: 2,
    });
    expect(bad).toMatchObject({ ok: false, code: "validation" });
    expect(!bad.ok && bad.fields).toHaveProperty(["definition.edges.0.source"]);

    const number = await makeNumber(owner);
    const trig = await actions.createTriggerAction({
      projectId,
      workflowId,
      trigger: { type: "INBOUND_MESSAGE", phoneNumberId: number.id },
    });
    expect(trig).toMatchObject({ ok: true, data: { active: true } });
    const activated = await actions.setWorkflowStatusAction({ projectId, workflowId, status: "ACTIVE" });
    // The builder warns when nothing would start the published version: it counts active triggers.
    expect(activated).toMatchObject({ ok: true, data: { status: "ACTIVE", activeTriggers: 1 } });

    const broken = await actions.createWorkflowAction({
      projectId,
      name: "Broken",
      definition: { nodes: textFlow("").nodes, edges: textFlow("").edges },
    });
    if (!broken.ok) throw new Error(broken.error);
    const refused = await actions.setWorkflowStatusAction({
      projectId,
      workflowId: broken.data.id,
      status: "ACTIVE",
    });
    expect(refused).toMatchObject({ ok: false, code: "validation" });
    expect(!refused.ok && refused.details?.problems).toContainEqual(
      expect.objectContaining({ nodeId: "greet", code: "invalid_config" }),
    );
  });

  it("lets a member read but not write", async () => {
    const owner = await makeProject();
    const member = await makeMember(owner, "MEMBER");
    session.userId = owner.user.id;
    const projectId = owner.projectId;
    const created = await actions.createWorkflowAction({ projectId, name: "Read only" });
    if (!created.ok) throw new Error(created.error);
    const workflowId = created.data.id;

    session.userId = member.user.id;
    expect(await actions.listWorkflowsAction({ projectId })).toMatchObject({
      ok: true,
      data: [{ id: workflowId }],
    });
    expect(await actions.getWorkflowAction({ projectId, workflowId })).toMatchObject({ ok: true });
    expect(await actions.listVersionsAction({ projectId, workflowId })).toMatchObject({ ok: true });
    for (const r of [
      await actions.createWorkflowAction({ projectId, name: "Nope" }),
      await actions.saveWorkflowAction({
        projectId,
        workflowId,
        definition: textFlow("x"),
        expectedVersion: 1,
      }),
      await actions.archiveWorkflowAction({ projectId, workflowId, archived: true }),
      await actions.createEnvVariableAction({ projectId, key: "K" }),
    ]) {
      expect(r).toMatchObject({ ok: false, code: "forbidden" });
    }
    session.userId = null;
    expect(await actions.listWorkflowsAction({ projectId })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
  });

  it("answers not_found for another project's workflow, even when the caller names their own project", async () => {
    const mine = await makeProject();
    const theirs = await makeProject();
    session.userId = theirs.user.id;
    const created = await actions.createWorkflowAction({ projectId: theirs.projectId, name: "Theirs" });
    if (!created.ok) throw new Error(created.error);
    const workflowId = created.data.id;

    session.userId = mine.user.id;
    const projectId = mine.projectId;
    const results = [
      await actions.getWorkflowAction({ projectId, workflowId }),
      await actions.listVersionsAction({ projectId, workflowId }),
      await actions.listTriggersAction({ projectId, workflowId }),
      await actions.saveWorkflowAction({
        projectId,
        workflowId,
        definition: textFlow("x"),
        expectedVersion: 1,
        overwrite: true,
      }),
      await actions.updateWorkflowDetailsAction({ projectId, workflowId, name: "pwned" }),
      await actions.duplicateWorkflowAction({ projectId, workflowId }),
      await actions.archiveWorkflowAction({ projectId, workflowId, archived: true }),
      await actions.restoreVersionAction({ projectId, workflowId, version: 1 }),
      await actions.setWorkflowStatusAction({ projectId, workflowId, status: "ACTIVE" }),
      await actions.createTriggerAction({ projectId, workflowId, trigger: { type: "API_CALL" } }),
      await actions.listEnvVariablesAction({ projectId, workflowId }),
    ];
    for (const r of results) expect(r).toMatchObject({ ok: false, code: "not_found" });
    // Naming their project instead does not help: not a member.
    expect(await actions.getWorkflowAction({ projectId: theirs.projectId, workflowId })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    session.userId = theirs.user.id;
    expect(await actions.getWorkflowAction({ projectId: theirs.projectId, workflowId })).toMatchObject({
      ok: true,
      data: { name: "Theirs", version: 1, status: "DRAFT" },
    });
  });
});
