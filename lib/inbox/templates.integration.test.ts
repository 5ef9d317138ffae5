import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeConversation, makeProject, userAccess } from "@/prisma/factories";
import { listConversationTemplates } from "./mutations";

// The composer's template picker reads MessageTemplate (kept current by the sync and by template
// webhooks), never Graph: a refetch costs one query, and what the picker shows is what the database
// says even when Graph would answer differently.
describe("inbox templates", () => {
  it("lists the number's approved templates from the database, not from Graph", async () => {
    const ctx = await makeProject();
    const number = await db().phoneNumber.findFirstOrThrow({
      where: { projectId: ctx.projectId, kind: "SANDBOX" },
      select: { id: true, wabaId: true },
    });
    const conv = await makeConversation(ctx, number.id);
    // A new sandbox number's starter templates are stored as a sync would store them.
    const first = await listConversationTemplates(userAccess(ctx), conv.id);
    expect(first.map((t) => t.name).sort()).toEqual(["hello_world", "order_update"]);
    expect(first.find((t) => t.name === "order_update")?.components.length).toBeGreaterThan(0);

    // What Graph (the simulator) holds no longer matters to the picker...
    await db().sandboxTemplate.deleteMany({ where: { wabaId: number.wabaId } });
    // ...only what the database says: a template approved by webhook appears, a paused one leaves.
    await db().messageTemplate.create({
      data: {
        projectId: ctx.projectId,
        wabaId: number.wabaId,
        metaTemplateId: "777000111",
        name: "welcome_back",
        language: "en_US",
        category: "MARKETING",
        status: "APPROVED",
        components: [{ type: "BODY", text: "Welcome back!" }],
      },
    });
    await db().messageTemplate.updateMany({
      where: { projectId: ctx.projectId, name: "hello_world" },
      data: { status: "PAUSED" },
    });
    const second = await listConversationTemplates(userAccess(ctx), conv.id);
    expect(second.map((t) => t.name).sort()).toEqual(["order_update", "welcome_back"]);

    // Another project's templates on the same WABA id never show.
    const other = await makeProject();
    await db().messageTemplate.create({
      data: {
        projectId: other.projectId,
        wabaId: number.wabaId,
        metaTemplateId: "777000222",
        name: "not_yours",
        language: "en_US",
        category: "UTILITY",
        status: "APPROVED",
      },
    });
    const third = await listConversationTemplates(userAccess(ctx), conv.id);
    expect(third.map((t) => t.name)).not.toContain("not_yours");
  });
});
