import { describe, expect, it } from "vitest";
import * as one from "@/app/platform/v1/workflows/[workflowId]/route";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import { makeProject, memberActor, memberScope } from "@/prisma/factories";
import { getPublishedVersion, getWorkflow, getWorkflowSummary, listVersions } from "./data";
import { createWorkflow, restoreVersion, saveDefinition, setArchived, setWorkflowStatus } from "./mutations";
import { callerOf, node, rejects, textFlow } from "./test-helpers";

// Activation pins a version; autosave edits the draft; the engine reads only the pinned version.

async function saveText(
  a: ReturnType<typeof callerOf>,
  workflowId: string,
  message: string,
  expected: number,
) {
  return saveDefinition(...a, {
    workflowId,
    definition: textFlow(message),
    expectedVersion: expected,
    overwrite: false,
  });
}

describe("published version", () => {
  it("activation pins the draft; later saves do not change what runs until the next activation", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Greeter", description: "", definition: textFlow("v1") });
    expect(await getPublishedVersion(owner.projectId, w.id)).toBeNull();

    const active = await setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" });
    expect(active).toMatchObject({ status: "ACTIVE", publishedVersion: 1, hasUnpublishedChanges: false });

    const saved = await saveText(a, w.id, "v2 draft", 1);
    const running = await getPublishedVersion(owner.projectId, w.id);
    expect(running?.version).toBe(1);
    expect(running?.definition.nodes.find((n) => n.id === "greet")?.data.config).toEqual({ message: "v1" });
    const summary = await getWorkflowSummary(owner.projectId, w.id);
    expect(summary).toMatchObject({ status: "ACTIVE", version: saved.version, hasUnpublishedChanges: true });

    // Publishing again pins the draft.
    const republished = await setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" });
    expect(republished).toMatchObject({ publishedVersion: saved.version, hasUnpublishedChanges: false });
    expect((await getPublishedVersion(owner.projectId, w.id))?.definition.nodes[1]?.data.config).toEqual({
      message: "v2 draft",
    });
    const versions = await listVersions(owner.projectId, w.id);
    expect(versions.filter((v) => v.live).map((v) => v.version)).toEqual([saved.version]);
    expect(versions.filter((v) => v.published).map((v) => v.version)).toEqual([saved.version, 1]);
  });

  it("deactivation and archiving really stop it: nothing is published", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Stop me", description: "", definition: textFlow("hi") });
    await setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" });
    expect(await setWorkflowStatus(...a, { workflowId: w.id, status: "DRAFT" })).toMatchObject({
      status: "DRAFT",
      publishedVersion: null,
    });
    expect(await getPublishedVersion(owner.projectId, w.id)).toBeNull();
    await setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" });
    await setArchived(...a, { workflowId: w.id, archived: true });
    expect(await getPublishedVersion(owner.projectId, w.id)).toBeNull();
    expect((await getWorkflowSummary(owner.projectId, w.id)).publishedVersion).toBeNull();
  });

  it("refuses to activate a workflow with an unreachable step, and lists it", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const def = textFlow("hi");
    def.nodes.push(node("island", "send_text", { message: "nobody gets here" }));
    const w = await createWorkflow(...a, { name: "Island", description: "", definition: def });
    const e = await rejects(
      setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" }),
      "validation",
      /1 problem to fix/,
    );
    expect(e.details?.problems).toEqual([
      expect.objectContaining({ nodeId: "island", code: "unreachable", severity: "error" }),
    ]);
    expect(await getWorkflowSummary(owner.projectId, w.id)).toMatchObject({
      status: "DRAFT",
      publishedVersion: null,
    });
  });

  it("folds one editing burst into one version that says what changed, but never into a published one", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Burst", description: "", definition: textFlow("a") });
    let v = 1;
    for (const m of ["b", "c", "d", "e"]) v = (await saveText(a, w.id, m, v)).version;
    expect(v).toBe(5); // every save still bumps the lock version
    let versions = await listVersions(owner.projectId, w.id);
    expect(versions.map((x) => [x.version, x.saveCount])).toEqual([
      [5, 4],
      [1, 1],
    ]);
    expect(versions[0]?.changes).toMatchObject({ edited: 1, names: { edited: ["greet"] } });

    // A restore is its own version, and so is the first save after it.
    const restored = await restoreVersion(...a, { workflowId: w.id, version: 1, expectedVersion: v });
    v = (await saveText(a, w.id, "f", restored.version)).version;
    versions = await listVersions(owner.projectId, w.id);
    expect(versions.map((x) => x.version)).toEqual([v, restored.version, 5, 1]);

    // Published: the next save starts a new version, the published one stays as it ran.
    await setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" });
    const after = await saveText(a, w.id, "g", v);
    versions = await listVersions(owner.projectId, w.id);
    expect(versions.slice(0, 2).map((x) => [x.version, x.live])).toEqual([
      [after.version, false],
      [v, true],
    ]);
    expect((await getPublishedVersion(owner.projectId, w.id))?.definition.nodes[1]?.data.config).toEqual({
      message: "f",
    });
  });

  it("parses stored definitions instead of trusting them", async () => {
    const owner = await makeProject();
    const w = await createWorkflow(...callerOf(owner), { name: "Damaged", description: "" });
    await db().workflow.update({ where: { id: w.id }, data: { definition: { nodes: "oops" } } });
    await rejects(getWorkflow(owner.projectId, w.id), "internal", /damaged/);
  });

  it("deleting a project with a published workflow still cascades", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Gone", description: "", definition: textFlow("x") });
    await setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" });
    await db().workflow.delete({ where: { id: w.id } });
    expect(await db().workflowVersion.count({ where: { workflowId: w.id } })).toBe(0);
  });

  it("Platform API: PATCH status draft or paused deactivates; active on an active workflow publishes", async () => {
    const owner = await makeProject();
    const { key } = await createApiKey(memberScope(owner), memberActor(owner), { name: "publish test" });
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Api", description: "", definition: textFlow("one") });
    const patch = async (body: unknown) => {
      const res = await one.PATCH(
        new Request(`http://localhost/platform/v1/workflows/${w.id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json", "x-api-key": key },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ workflowId: w.id }) },
      );
      return { status: res.status, json: await res.json() };
    };
    let r = await patch({ workflow: { status: "active" } });
    expect(r.json.data).toMatchObject({ status: "active", published_version: 1 });
    r = await patch({ workflow: { definition: textFlow("two"), status: "active" } });
    expect(r.json.data).toMatchObject({ status: "active", lock_version: 2, published_version: 2 });
    r = await patch({ workflow: { status: "paused" } });
    expect(r.status).toBe(200);
    expect(r.json.data).toMatchObject({ status: "draft", published_version: null });
    expect(await getPublishedVersion(owner.projectId, w.id)).toBeNull();
  });
});
