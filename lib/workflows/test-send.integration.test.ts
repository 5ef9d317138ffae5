// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${ENV:KEY} is the workflow's own syntax under test
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { numberByMetaId } from "@/lib/numbers/credentials";
import { customerSend } from "@/lib/sandbox/customer";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";
import { sampleText, testSendTemplate } from "./test-send";

// The send-template node's Test button, through the simulator over real HTTP.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;
process.env.SANDBOX_STATUS_DELAY_MS = "30";

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer(PORT);
});
afterAll(async () => server.close());

describe("testSendTemplate", () => {
  it("sends the template with stand-ins for variables to the newest sandbox conversation", async () => {
    const ctx = await makeProject();
    const row = await db().phoneNumber.findFirstOrThrow({
      where: { projectId: ctx.projectId, kind: "SANDBOX" },
    });
    const number = (await numberByMetaId(row.phoneNumberId))!;
    const input = {
      projectId: ctx.projectId,
      phoneNumberId: row.id,
      templateName: "order_update",
      language: "en_US",
      parameters: [{ type: "BODY", parameters: [{ text: "{{vars.name}}" }, { text: "#1042" }] }],
    };
    const before = await testSendTemplate(memberScope(ctx), memberActor(ctx), input).catch((e: unknown) => e);
    expect((before as AppError).message).toMatch(/Sandbox phone/);

    await customerSend(number, {
      kind: "text",
      numberId: row.id,
      customer: { waId: "15550001111", name: "Tess" },
      text: "hi",
    });
    await expect.poll(() => db().conversation.count({ where: { projectId: ctx.projectId } })).toBe(1);
    expect(await testSendTemplate(memberScope(ctx), memberActor(ctx), input)).toEqual({ to: "Tess" });
    const sent = await db().message.findFirstOrThrow({
      where: { projectId: ctx.projectId, type: "template" },
    });
    expect(JSON.stringify(sent.content)).toContain("[vars.name]");
    await expect
      .poll(async () => (await db().message.findUniqueOrThrow({ where: { id: sent.id } })).status)
      .toMatch(/SENT|DELIVERED|READ/);
  });

  it("refuses live numbers: a test never reaches a real customer", async () => {
    const ctx = await makeProject();
    const live = await makeNumber(ctx, "LIVE");
    const e = await testSendTemplate(memberScope(ctx), memberActor(ctx), {
      projectId: ctx.projectId,
      phoneNumberId: live.id,
      templateName: "hello_world",
      language: "en_US",
      parameters: [],
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).fields).toHaveProperty("phoneNumberId");
  });

  it("fills variables and env references with visible stand-ins", () => {
    expect(sampleText("Hi {{ vars.first_name }} from ${ENV:SHOP}")).toBe("Hi [vars.first_name] from [SHOP]");
    expect(sampleText("  ")).toBe("[empty]");
  });
});
