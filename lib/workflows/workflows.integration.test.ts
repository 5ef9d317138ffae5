import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeProject } from "@/prisma/factories";
import { getWorkflow, listVersions, listWorkflows, previewPromotion } from "./data";
import type { WorkflowDefinition } from "./definition";
import {
  createWorkflow,
  duplicateWorkflow,
  promoteWorkflow,
  restoreVersion,
  saveDefinition,
  setArchived,
  setWorkflowStatus,
  updateWorkflowDetails,
} from "./mutations";
import { callerOf, node, rejects, textFlow } from "./test-helpers";
import { BURST_GAP_MS } from "./versions";

const templateFlow = (templateId: string, numberId = "n1"): WorkflowDefinition => ({
  nodes: [
    node("start", "start"),
    node("tpl", "send_template", { phone_number_id: numberId, template_id: templateId }),
  ],
  edges: [{ id: "e1", source: "start", target: "tpl", label: "next" }],
});

const callFlow = (workflowId: string): WorkflowDefinition => ({
  nodes: [node("start", "start"), node("call", "call", { workflow_id: workflowId })],
  edges: [{ id: "e1", source: "start", target: "call", label: "next" }],
});

describe("workflows: list, details, duplicate, archive", () => {
  it("creates a workflow at version 1 with only a start node, lists, searches and filters", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Order status", description: "Replies with tracking" });
    expect(w).toMatchObject({ name: "Order status", status: "DRAFT", version: 1 });
    expect(w.updatedBy?.id).toBe(owner.user.id);
    const detail = await getWorkflow(owner.projectId, w.id);
    expect(detail.definition.nodes.map((n) => n.id)).toEqual(["start"]);
    expect((await listVersions(owner.projectId, w.id)).map((v) => [v.version, v.note, v.nodeCount])).toEqual([
      [1, "Created", 1],
    ]);

    const other = await createWorkflow(...a, { name: "Welcome", description: "" });
    await setArchived(...a, { workflowId: other.id, archived: true });
    expect((await listWorkflows(owner.projectId, {})).items.map((x) => x.name)).toEqual(["Order status"]);
    expect((await listWorkflows(owner.projectId, { status: "ALL" })).items).toHaveLength(2);
    expect((await listWorkflows(owner.projectId, { status: "ARCHIVED" })).items.map((x) => x.name)).toEqual([
      "Welcome",
    ]);
    expect((await listWorkflows(owner.projectId, { search: "ORDER", status: "ALL" })).items).toHaveLength(1);

    await setArchived(...a, { workflowId: other.id, archived: false });
    expect((await getWorkflow(owner.projectId, other.id)).status).toBe("DRAFT");
    const log = await db().auditLog.findMany({
      where: { projectId: owner.projectId, targetId: other.id },
      orderBy: { createdAt: "asc" },
    });
    expect(log.map((l) => l.action)).toEqual([
      "workflow.created",
      "workflow.archived",
      "workflow.unarchived",
    ]);
  });

  it("renames, describes and duplicates (new draft, same definition, version 1)", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Support", description: "", definition: textFlow("Hello") });
    const renamed = await updateWorkflowDetails(...a, {
      workflowId: w.id,
      name: "Support bot",
      description: "Tier 1",
    });
    expect(renamed).toMatchObject({ name: "Support bot", description: "Tier 1" });
    const copy = await duplicateWorkflow(...a, { workflowId: w.id });
    expect(copy).toMatchObject({ name: "Support bot (copy)", status: "DRAFT", version: 1 });
    expect((await getWorkflow(owner.projectId, copy.id)).definition).toEqual(textFlow("Hello"));
  });
});

describe("saving: optimistic concurrency and versions", () => {
  it("saves on the current version, refuses a stale one with the current version, and overwrites on request", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Flow", description: "" });

    const s1 = await saveDefinition(...a, {
      workflowId: w.id,
      definition: textFlow("one"),
      expectedVersion: 1,
      overwrite: false,
    });
    expect(s1.version).toBe(2);
    expect(s1.problems.filter((p) => p.severity === "error")).toEqual([]);

    // A second editor still on version 1.
    const e = await rejects(
      saveDefinition(...a, {
        workflowId: w.id,
        definition: textFlow("two"),
        expectedVersion: 1,
        overwrite: false,
      }),
      "conflict",
      /version 2/,
    );
    expect(e.details).toMatchObject({ currentVersion: 2 });
    expect((await getWorkflow(owner.projectId, w.id)).definition).toEqual(textFlow("one"));

    const s2 = await saveDefinition(...a, {
      workflowId: w.id,
      definition: textFlow("two"),
      expectedVersion: 1,
      overwrite: true,
    });
    expect(s2.version).toBe(3);
    const stored = await getWorkflow(owner.projectId, w.id);
    expect(stored.version).toBe(3);
    expect(stored.definition).toEqual(textFlow("two"));
    expect((await listVersions(owner.projectId, w.id)).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it("lets exactly one of two concurrent saves on the same version win", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "Race", description: "" });
    const results = await Promise.allSettled(
      ["a", "b", "c"].map((m) =>
        saveDefinition(...a, {
          workflowId: w.id,
          definition: textFlow(m),
          expectedVersion: 1,
          overwrite: false,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await listVersions(owner.projectId, w.id)).map((v) => v.version)).toEqual([2, 1]);
  });

  it("restores an old version as a new version, keeping history", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, { name: "History", description: "" });
    await saveDefinition(...a, {
      workflowId: w.id,
      definition: textFlow("v2"),
      expectedVersion: 1,
      overwrite: false,
    });
    // A pause longer than an editing burst, so the next save starts a version of its own.
    await db().workflowVersion.updateMany({
      where: { workflowId: w.id, version: 2 },
      data: { updatedAt: new Date(Date.now() - 2 * BURST_GAP_MS) },
    });
    await saveDefinition(...a, {
      workflowId: w.id,
      definition: textFlow("v3"),
      expectedVersion: 2,
      overwrite: false,
    });

    const r = await restoreVersion(...a, { workflowId: w.id, version: 2 });
    expect(r.version).toBe(4);
    expect(r.definition).toEqual(textFlow("v2"));
    expect((await getWorkflow(owner.projectId, w.id)).definition).toEqual(textFlow("v2"));
    const versions = await listVersions(owner.projectId, w.id);
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [4, "Restored from version 2"],
      [3, null],
      [2, null],
      [1, "Created"],
    ]);
    await rejects(restoreVersion(...a, { workflowId: w.id, version: 9 }), "not_found", /Version 9/);
    await rejects(restoreVersion(...a, { workflowId: w.id, version: 1, expectedVersion: 3 }), "conflict");
  });
});

describe("promotion", () => {
  it("shows the diff, then copies the definition into the target as a new version", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const dev = await createWorkflow(...a, {
      name: "Dev",
      description: "",
      definition: textFlow("new copy"),
    });
    const prod = await createWorkflow(...a, { name: "Prod", description: "" });

    const preview = await previewPromotion(owner.projectId, dev.id, prod.id);
    expect(preview.target.version).toBe(1);
    expect(preview.diff.nodes.added.map((n) => n.id)).toEqual(["greet"]);
    expect(preview.diff.edges.added).toEqual([{ source: "start", target: "greet", label: "next" }]);

    const r = await promoteWorkflow(...a, { sourceId: dev.id, targetId: prod.id, expectedTargetVersion: 1 });
    expect(r.version).toBe(2);
    expect((await getWorkflow(owner.projectId, prod.id)).definition).toEqual(textFlow("new copy"));
    expect((await listVersions(owner.projectId, prod.id))[0]?.note).toBe('Promoted from "Dev" version 1');
    expect((await previewPromotion(owner.projectId, dev.id, prod.id)).diff.identical).toBe(true);

    // The preview the user confirmed is stale once the target moved on.
    await rejects(
      promoteWorkflow(...a, { sourceId: dev.id, targetId: prod.id, expectedTargetVersion: 1 }),
      "conflict",
    );
  });

  it("will not promote across projects", async () => {
    const one = await makeProject();
    const two = await makeProject();
    const mine = await createWorkflow(...callerOf(one), { name: "Mine", description: "" });
    const theirs = await createWorkflow(...callerOf(two), { name: "Theirs", description: "" });
    await rejects(previewPromotion(one.projectId, mine.id, theirs.id), "not_found");
    await rejects(
      promoteWorkflow(...callerOf(one), { sourceId: mine.id, targetId: theirs.id, expectedTargetVersion: 1 }),
      "not_found",
    );
    expect((await getWorkflow(two.projectId, theirs.id)).version).toBe(1);
  });
});

describe("activation", () => {
  it("refuses with every problem, then activates once the definition is valid", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const w = await createWorkflow(...a, {
      name: "Broken",
      description: "",
      definition: {
        nodes: [node("start", "start"), node("greet", "send_text", { message: "" }), node("lost", "handoff")],
        edges: [{ id: "e1", source: "start", target: "greet", label: "next" }],
      },
    });
    const e = await rejects(
      setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" }),
      "validation",
      /problem/,
    );
    const problems = (e.details?.problems ?? []) as { nodeId?: string; code: string; severity: string }[];
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: "greet", code: "invalid_config" }));
    expect(problems).toContainEqual(expect.objectContaining({ nodeId: "lost", code: "unreachable" }));
    expect((await getWorkflow(owner.projectId, w.id)).status).toBe("DRAFT");

    await saveDefinition(...a, {
      workflowId: w.id,
      definition: textFlow("Hi"),
      expectedVersion: 1,
      overwrite: false,
    });
    expect((await setWorkflowStatus(...a, { workflowId: w.id, status: "ACTIVE" })).status).toBe("ACTIVE");
    expect((await setWorkflowStatus(...a, { workflowId: w.id, status: "DRAFT" })).status).toBe("DRAFT");
  });

  it("requires templates to exist in the project and be approved", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    const tpl = await db().messageTemplate.create({
      data: {
        projectId: owner.projectId,
        wabaId: "waba",
        metaTemplateId: `meta-${owner.projectId}`,
        name: "order_update",
        language: "en_US",
        category: "UTILITY",
        status: "PENDING",
      },
    });
    const number = await db().phoneNumber.findFirstOrThrow({ where: { projectId: owner.projectId } });
    const missing = await createWorkflow(...a, {
      name: "Missing",
      description: "",
      definition: templateFlow("nope"),
    });
    const e1 = await rejects(
      setWorkflowStatus(...a, { workflowId: missing.id, status: "ACTIVE" }),
      "validation",
    );
    expect(e1.details?.problems).toContainEqual(expect.objectContaining({ code: "template_missing" }));
    // A number that is not the project's (e.g. another tenant's id) is refused too.
    expect(e1.details?.problems).toContainEqual(expect.objectContaining({ code: "number_missing" }));

    const pending = await createWorkflow(...a, {
      name: "Pending",
      description: "",
      definition: templateFlow(tpl.id, number.id),
    });
    const e2 = await rejects(
      setWorkflowStatus(...a, { workflowId: pending.id, status: "ACTIVE" }),
      "validation",
    );
    expect(e2.details?.problems).toContainEqual(expect.objectContaining({ code: "template_not_approved" }));

    await db().messageTemplate.update({ where: { id: tpl.id }, data: { status: "APPROVED" } });
    expect((await setWorkflowStatus(...a, { workflowId: pending.id, status: "ACTIVE" })).status).toBe(
      "ACTIVE",
    );
    // Referenced by Meta's id works too.
    const byMeta = await createWorkflow(...a, {
      name: "ByMeta",
      description: "",
      definition: templateFlow(tpl.metaTemplateId, number.phoneNumberId),
    });
    expect((await setWorkflowStatus(...a, { workflowId: byMeta.id, status: "ACTIVE" })).status).toBe(
      "ACTIVE",
    );

    // Another project's approved template does not count.
    const other = await makeProject();
    const foreign = await createWorkflow(...callerOf(other), {
      name: "Foreign",
      description: "",
      definition: templateFlow(tpl.id, number.id),
    });
    await rejects(
      setWorkflowStatus(...callerOf(other), { workflowId: foreign.id, status: "ACTIVE" }),
      "validation",
    );
  });

  it("refuses a call chain deeper than 10, and accepts one of exactly 10", async () => {
    const owner = await makeProject();
    const a = callerOf(owner);
    // leaf ← w1 ← w2 … each calls the previous one.
    const leaf = await createWorkflow(...a, { name: "leaf", description: "", definition: textFlow("end") });
    const chain = [leaf.id];
    for (let i = 1; i <= 10; i++) {
      const w = await createWorkflow(...a, {
        name: `w${i}`,
        description: "",
        definition: callFlow(chain[chain.length - 1] as string),
      });
      chain.push(w.id);
    }
    // chain[9] nests 9 calls deep below itself plus its own = 9; chain[10] → 10 calls.
    expect(
      (await setWorkflowStatus(...a, { workflowId: chain[10] as string, status: "ACTIVE" })).status,
    ).toBe("ACTIVE");
    const top = await createWorkflow(...a, {
      name: "top",
      description: "",
      definition: callFlow(chain[10] as string),
    });
    const e = await rejects(setWorkflowStatus(...a, { workflowId: top.id, status: "ACTIVE" }), "validation");
    expect(e.details?.problems).toContainEqual(expect.objectContaining({ code: "call_depth" }));
  });
});

describe("tenant isolation (services)", () => {
  it("treats another project's workflow id as not found for every operation", async () => {
    const one = await makeProject();
    const two = await makeProject();
    const theirs = await createWorkflow(...callerOf(two), { name: "Theirs", description: "" });
    const a = callerOf(one);
    await rejects(getWorkflow(one.projectId, theirs.id), "not_found");
    await rejects(listVersions(one.projectId, theirs.id), "not_found");
    await rejects(updateWorkflowDetails(...a, { workflowId: theirs.id, name: "pwned" }), "not_found");
    await rejects(duplicateWorkflow(...a, { workflowId: theirs.id }), "not_found");
    await rejects(setArchived(...a, { workflowId: theirs.id, archived: true }), "not_found");
    await rejects(
      saveDefinition(...a, {
        workflowId: theirs.id,
        definition: textFlow("x"),
        expectedVersion: 1,
        overwrite: true,
      }),
      "not_found",
    );
    await rejects(restoreVersion(...a, { workflowId: theirs.id, version: 1 }), "not_found");
    await rejects(setWorkflowStatus(...a, { workflowId: theirs.id, status: "ACTIVE" }), "not_found");
    const after = await getWorkflow(two.projectId, theirs.id);
    expect(after).toMatchObject({ name: "Theirs", version: 1, status: "DRAFT" });
  });
});
