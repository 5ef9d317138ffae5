import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeProject } from "@/prisma/factories";
import { syncTemplates } from "./sync";

// Template sync against the simulator over real HTTP: a new project's sandbox account starts with
// Meta's hello_world and a template with parameters, and both land in MessageTemplate.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer(PORT);
});
afterAll(async () => server.close());

describe("syncTemplates", () => {
  it("stores the account's templates with their content, and is idempotent", async () => {
    const ctx = await makeProject();
    expect(await syncTemplates(ctx.projectId)).toBe(2);
    const rows = await db().messageTemplate.findMany({
      where: { projectId: ctx.projectId },
      orderBy: { name: "asc" },
    });
    expect(rows.map((r) => [r.name, r.language, r.status])).toEqual([
      ["hello_world", "en_US", "APPROVED"],
      ["order_update", "en_US", "APPROVED"],
    ]);
    expect(JSON.stringify(rows[1]?.components)).toContain("your order {{2}} has shipped");
    await syncTemplates(ctx.projectId);
    expect(await db().messageTemplate.count({ where: { projectId: ctx.projectId } })).toBe(2);
    // Another project's sync never touches these rows.
    const other = await makeProject();
    await syncTemplates(other.projectId);
    expect(await db().messageTemplate.count({ where: { projectId: ctx.projectId } })).toBe(2);
  });

  it("pages through more than 100 templates, and drops those deleted at Meta", async () => {
    const ctx = await makeProject();
    const n = await db().phoneNumber.findFirstOrThrow({ where: { projectId: ctx.projectId } });
    await db().sandboxTemplate.createMany({
      data: Array.from({ length: 230 }, (_, i) => ({
        id: `9${String(n.wabaId).slice(-6)}${String(i).padStart(8, "0")}`,
        wabaId: n.wabaId,
        name: `bulk_${i}`,
        language: "en_US",
        category: "UTILITY",
        status: "APPROVED",
        components: [{ type: "BODY", text: `Template ${i}` }],
      })),
    });
    expect(await syncTemplates(ctx.projectId)).toBe(232);
    expect(await db().messageTemplate.count({ where: { projectId: ctx.projectId } })).toBe(232);
    await db().sandboxTemplate.deleteMany({
      where: { wabaId: n.wabaId, name: { in: ["bulk_0", "bulk_229"] } },
    });
    await syncTemplates(ctx.projectId);
    expect(await db().messageTemplate.count({ where: { projectId: ctx.projectId } })).toBe(230);
  });
});
