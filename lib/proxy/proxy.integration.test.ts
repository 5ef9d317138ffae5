import { WhatsAppClient } from "@kapso/whatsapp-cloud-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/mutations";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { type NumberWithSecrets, numberByMetaId } from "@/lib/numbers/credentials";
import { customerSend } from "@/lib/sandbox/customer";
import { handleGraph } from "@/lib/sandbox/graph-router";
import { templateReviewJob } from "@/lib/sandbox/jobs";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeProject, memberActor, memberScope } from "@/prisma/factories";

// The Kapso SDK, unmodified, in proxy mode against our /meta/whatsapp API, whose sandbox number sends
// through the simulator, whose webhooks come back through the signed receiver: every hop is real HTTP.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;
process.env.APP_URL = `http://127.0.0.1:${PORT}`;
process.env.SANDBOX_STATUS_DELAY_MS = "30";
process.env.SANDBOX_TEMPLATE_REVIEW_MS = "50";

let server: Awaited<ReturnType<typeof startAppServer>>;
let sdk: WhatsAppClient;
let number: NumberWithSecrets;
let projectId: string;
let apiKey: string;
const customer = { waId: "15557654321", name: "Dana" };

beforeAll(async () => {
  server = await startAppServer(PORT);
  // The simulator reviews templates in a durable job.
  await startJobs({ jobs: [templateReviewJob], loops: false });
  const ctx = await makeProject();
  projectId = ctx.projectId;
  const row = await db().phoneNumber.findFirstOrThrow({ where: { projectId, kind: "SANDBOX" } });
  number = (await numberByMetaId(row.phoneNumberId))!;
  const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "sdk test" });
  apiKey = key;
  sdk = new WhatsAppClient({
    kapsoApiKey: key,
    baseUrl: `${server.url}/meta/whatsapp`,
    graphVersion: "v24.0",
  });
});
afterAll(async () => {
  await stopJobs(2000);
  await server.close();
});

const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("Meta proxy through the Kapso SDK", () => {
  it("sends inside the window, and statuses move sent → delivered → read through signed webhooks", async () => {
    await customerSend(number, {
      kind: "text",
      numberId: number.id,
      customer,
      text: "Hi, is my order ready?",
    });
    const inbound = await until(
      () => db().message.findFirst({ where: { projectId, direction: "INBOUND" } }),
      (m) => !!m,
    );
    expect(inbound?.content).toMatchObject({ text: { body: "Hi, is my order ready?" } });

    const sent = await sdk.messages.sendText({
      phoneNumberId: number.phoneNumberId,
      to: customer.waId,
      body: "Yes, it ships today.",
    });
    const wamid = sent.messages[0]!.id;
    expect(wamid).toMatch(/^wamid\./);
    const read = await until(
      () => db().message.findFirstOrThrow({ where: { wamid } }),
      // Webhooks may arrive out of order (as Meta's do): wait for all three reports.
      (m) => m.status === "READ" && (m.statusHistory as unknown[]).length === 3,
    );
    expect(read.status).toBe("READ");
    expect((read.statusHistory as { status: string }[]).map((h) => h.status)).toEqual([
      "SENT",
      "DELIVERED",
      "READ",
    ]);
    expect(read.origin).toBe("API");

    // Kapso's history extension, from our store.
    const history = await sdk.messages.query({
      phoneNumberId: number.phoneNumberId,
      direction: "outbound",
      limit: 10,
    });
    expect(history.data.map((m) => m.id)).toContain(wamid);
    const one = await sdk.messages.get({
      phoneNumberId: number.phoneNumberId,
      messageId: wamid,
      fields: "kapso(status,direction)",
    });
    expect(one.kapso).toMatchObject({ status: "read", direction: "outbound" });

    const conversations = await sdk.conversations.list({
      phoneNumberId: number.phoneNumberId,
      status: "active",
    });
    expect(conversations.data).toHaveLength(1);
    const contacts = await sdk.contacts.list({ phoneNumberId: number.phoneNumberId });
    expect(contacts.data.map((c) => c.waId)).toContain(customer.waId);
  });

  it("accepts a free-form message outside the 24-hour window like Meta, which then fails it with 131047", async () => {
    const sent = await sdk.messages.sendText({
      phoneNumberId: number.phoneNumberId,
      to: "15550000001",
      body: "Hello?",
    });
    const wamid = sent.messages[0]?.id;
    expect(wamid).toMatch(/^wamid\./);
    const row = await until(
      () => db().message.findFirst({ where: { projectId, wamid } }),
      (m) => m?.status === "FAILED",
    );
    expect(row).toMatchObject({ status: "FAILED", origin: "API", error: { code: 131047 } });
    const history = await sdk.messages.query({ phoneNumberId: number.phoneNumberId, direction: "outbound" });
    expect(history.data.find((m) => m.id === wamid)?.kapso?.status).toBe("failed");
  });

  it("refuses a second send while one to the same customer is in flight", async () => {
    const conv = await db().conversation.findFirstOrThrow({
      where: { projectId, contact: { waId: customer.waId } },
    });
    await db().message.create({
      data: {
        projectId,
        conversationId: conv.id,
        phoneNumberId: number.id,
        direction: "OUTBOUND",
        type: "text",
        content: {},
        status: "PENDING",
        origin: "API",
      },
    });
    const err = await sdk.messages
      .sendText({ phoneNumberId: number.phoneNumberId, to: customer.waId, body: "second" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ httpStatus: 409 });
    await db().message.deleteMany({ where: { conversationId: conv.id, wamid: null } });
  });

  it("creates a template, sees Meta's review arrive by webhook, and sends it outside the window", async () => {
    const created = await sdk.templates.create({
      businessAccountId: number.wabaId,
      name: "order_ready",
      language: "en_US",
      category: "UTILITY",
      components: [
        {
          type: "BODY",
          text: "Hello {{1}}, your order {{2}} is ready for pickup.",
          example: { body_text: [["Dana", "42"]] },
        },
      ],
    } as never);
    expect(created).toMatchObject({ status: "PENDING" });
    const tpl = await until(
      () => db().messageTemplate.findFirst({ where: { projectId, name: "order_ready" } }),
      (t) => t?.status === "APPROVED",
    );
    expect(tpl?.status).toBe("APPROVED");

    const sent = await sdk.messages.sendTemplate({
      phoneNumberId: number.phoneNumberId,
      to: "15550000002",
      template: {
        name: "order_ready",
        language: { code: "en_US" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Eve" },
              { type: "text", text: "7" },
            ],
          },
        ],
      },
    } as never);
    expect(sent.messages[0]?.id).toMatch(/^wamid\./);
    // A template with the wrong parameter count is refused by the simulator with Meta's code.
    const bad = await sdk.messages
      .sendTemplate({
        phoneNumberId: number.phoneNumberId,
        to: "15550000002",
        template: { name: "order_ready", language: { code: "en_US" }, components: [] },
      } as never)
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 132000 });
  });

  it("lists, reads and deletes templates, and reads and updates the business profile, through the SDK", async () => {
    const created = (await sdk.templates.create({
      businessAccountId: number.wabaId,
      name: "sdk_named",
      language: "en_US",
      category: "MARKETING",
      parameterFormat: "NAMED",
      components: [
        {
          type: "BODY",
          text: "Hi {{first_name}}, new arrivals are in.",
          example: { body_text_named_params: [{ param_name: "first_name", example: "Dana" }] },
        },
      ],
    } as never)) as { id: string };
    // The simulator applies the editor's rule module: a mixed template is refused with the rule named.
    const mixed = await sdk.templates
      .create({
        businessAccountId: number.wabaId,
        name: "sdk_mixed",
        language: "en_US",
        category: "MARKETING",
        components: [{ type: "BODY", text: "Hi {{1}} and {{name}} ok", example: { body_text: [["a"]] } }],
      } as never)
      .catch((e: unknown) => e);
    expect(String((mixed as { details?: string }).details ?? (mixed as Error).message)).toContain(
      "variables",
    );
    const listed = (await sdk.templates.list({ businessAccountId: number.wabaId, limit: 100 } as never)) as {
      data: { id: string; name: string; parameter_format?: string; parameterFormat?: string }[];
    };
    const mine = listed.data.find((t) => t.name === "sdk_named");
    expect(mine?.id).toBe(created.id);
    expect(mine?.parameter_format ?? mine?.parameterFormat).toBe("NAMED");
    await sdk.templates.delete({ businessAccountId: number.wabaId, name: "sdk_named" } as never);
    const after = (await sdk.templates.list({ businessAccountId: number.wabaId, limit: 100 } as never)) as {
      data: { name: string }[];
    };
    expect(after.data.some((t) => t.name === "sdk_named")).toBe(false);

    await sdk.phoneNumbers.businessProfile.update({
      phoneNumberId: number.phoneNumberId,
      about: "Open every day",
      websites: ["https://example.com"],
      vertical: "RETAIL",
    });
    const profile = (await sdk.phoneNumbers.businessProfile.get({
      phoneNumberId: number.phoneNumberId,
      fields: "about,websites,vertical",
    })) as { data: { about?: string; vertical?: string }[] };
    expect(profile.data[0]).toMatchObject({ about: "Open every day", vertical: "RETAIL" });
    const tooLong = await sdk.phoneNumbers.businessProfile
      .update({ phoneNumberId: number.phoneNumberId, about: "x".repeat(140) })
      .catch((e: unknown) => e);
    expect(tooLong).toMatchObject({ code: 100 });
  });

  it("keeps another project's numbers out of reach and answers Kapso's filter rules", async () => {
    const other = await makeProject();
    const { key } = await createApiKey(memberScope(other), memberActor(other), { name: "other" });
    const stranger = new WhatsAppClient({
      kapsoApiKey: key,
      baseUrl: `${server.url}/meta/whatsapp`,
      graphVersion: "v24.0",
    });
    await expect(stranger.messages.query({ phoneNumberId: number.phoneNumberId })).rejects.toMatchObject({
      httpStatus: 404,
    });
    await expect(
      stranger.messages.sendText({ phoneNumberId: number.phoneNumberId, to: customer.waId, body: "x" }),
    ).rejects.toMatchObject({ httpStatus: 404 });
    const res = await fetch(
      `${server.url}/meta/whatsapp/v24.0/${number.phoneNumberId}/conversations?assigned_user_id=u1&unassigned=true`,
      { headers: { "X-API-Key": key } },
    );
    expect(res.status).toBe(404);
    const bad = await fetch(`${server.url}/meta/whatsapp/v24.0/${number.phoneNumberId}/messages`, {
      headers: { "X-API-Key": "sbk_wrong" },
    });
    expect(bad.status).toBe(401);
  });

  it("rejects both assigned_user_id and unassigned=true with 422", async () => {
    await expect(
      sdk.conversations.list({
        phoneNumberId: number.phoneNumberId,
        assigned_user_id: "u1",
        unassigned: "true",
      } as never),
    ).rejects.toMatchObject({ httpStatus: 422 });
  });
});

describe("Kapso extensions: contacts and media", () => {
  it("reads and edits a contact the number has talked to, and nobody else's", async () => {
    const got = await sdk.contacts.get({ phoneNumberId: number.phoneNumberId, waId: customer.waId });
    expect(got).toMatchObject({ waId: customer.waId, profileName: customer.name });
    const r = await sdk.contacts.update({
      phoneNumberId: number.phoneNumberId,
      waId: customer.waId,
      displayName: "Dana (VIP)",
      metadata: { tier: "gold" },
    });
    expect(r).toMatchObject({ success: true });
    const after = await sdk.contacts.get({ phoneNumberId: number.phoneNumberId, waId: customer.waId });
    expect(after).toMatchObject({ displayName: "Dana (VIP)", metadata: { tier: "gold" } });
    const listed = await sdk.contacts.list({ phoneNumberId: number.phoneNumberId, waId: customer.waId });
    expect(listed.data[0]).toMatchObject({ displayName: "Dana (VIP)" });

    await expect(
      sdk.contacts.get({ phoneNumberId: number.phoneNumberId, waId: "19999999999" }),
    ).rejects.toMatchObject({ httpStatus: 404 });
    const bad = await fetch(
      `${server.url}/meta/whatsapp/v24.0/${number.phoneNumberId}/contacts/${customer.waId}`,
      {
        method: "PATCH",
        headers: { "X-API-Key": apiKey, "Content-Type": "application/json" },
        body: JSON.stringify({ metadata: "not an object" }),
      },
    );
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toMatch(/metadata/);
    const other = await makeProject();
    const { key } = await createApiKey(memberScope(other), memberActor(other), { name: "other" });
    const stranger = new WhatsAppClient({ kapsoApiKey: key, baseUrl: `${server.url}/meta/whatsapp` });
    await expect(
      stranger.contacts.get({ phoneNumberId: number.phoneNumberId, waId: customer.waId }),
    ).rejects.toMatchObject({ httpStatus: 404 });
  });

  it("answers a media id with a download URL the API key (or the signed link) can fetch", async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    const up = await sdk.media.upload({
      phoneNumberId: number.phoneNumberId,
      type: "image/png",
      file: new Blob([bytes], { type: "image/png" }),
      fileName: "dot.png",
    });
    const info = await sdk.media.get({ mediaId: up.id, phoneNumberId: number.phoneNumberId });
    expect(info.downloadUrl).toMatch(new RegExp(`^${server.url}/meta/whatsapp/v24\\.0/`));
    expect(info.url).toBe(info.downloadUrl);
    // The unmodified SDK's default download (no key sent to a non-Kapso host) works on the signed link.
    const got = new Uint8Array(
      (await sdk.media.download({ mediaId: up.id, phoneNumberId: number.phoneNumberId })) as ArrayBuffer,
    );
    expect([...got]).toEqual([...bytes]);
    // With the key, the plain download address works too; without either it is refused.
    const plain = `${server.url}/meta/whatsapp/v24.0/${up.id}/download?phone_number_id=${number.phoneNumberId}`;
    const withKey = await fetch(plain, { headers: { "X-API-Key": apiKey } });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get("content-type")).toBe("image/png");
    expect((await fetch(plain)).status).toBe(401);
    const forged = new URL(info.downloadUrl as string);
    forged.searchParams.set("sig", "x".repeat(43));
    expect((await fetch(forged)).status).toBe(401);

    // Sent in a message, the same media is downloadable from history's kapso.media_url.
    const sent = await sdk.messages.sendImage({
      phoneNumberId: number.phoneNumberId,
      to: customer.waId,
      image: { id: up.id },
    });
    const message = await sdk.messages.get({
      phoneNumberId: number.phoneNumberId,
      messageId: sent.messages[0]!.id,
      fields: "kapso(media_url,has_media)",
    });
    const kapso = (message as { kapso?: { mediaUrl?: string; hasMedia?: boolean } }).kapso;
    expect(kapso?.hasMedia).toBe(true);
    const fromHistory = await fetch(kapso?.mediaUrl as string);
    expect(fromHistory.status).toBe(200);
    expect(new Uint8Array(await fromHistory.arrayBuffer())).toEqual(bytes);
  });
});

describe("sandbox Graph API", () => {
  it("fails a free-form message outside the window with 131047 by status webhook", async () => {
    const req = new Request(`${server.url}/api/sandbox/graph/v24.0/${number.phoneNumberId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${number.accessToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        messaging_product: "whatsapp",
        to: "15550000003",
        type: "text",
        text: { body: "cold message" },
      }),
    });
    const res = await handleGraph(req, ["v24.0", number.phoneNumberId, "messages"]);
    expect(res.status).toBe(200);
    const wamid = ((await res.json()) as { messages: { id: string }[] }).messages[0]!.id;
    const backlog = await until(
      () => db().messageStatusBacklog.findFirst({ where: { wamid } }),
      (b) => !!b,
    );
    expect(backlog?.payload).toMatchObject({ status: "failed", errors: [{ code: 131047 }] });
  });

  it("refuses a wrong token with 190 and a bad payload with 100 naming the field", async () => {
    const call = (token: string, body: unknown) =>
      handleGraph(
        new Request(`${server.url}/x`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        ["v24.0", number.phoneNumberId, "messages"],
      );
    const r1 = await call("wrong", {
      messaging_product: "whatsapp",
      to: "1",
      type: "text",
      text: { body: "x" },
    });
    expect(r1.status).toBe(401);
    expect(((await r1.json()) as { error: { code: number } }).error.code).toBe(190);
    const r2 = await call(number.accessToken!, {
      messaging_product: "whatsapp",
      to: "15550000004",
      type: "interactive",
      interactive: { type: "button", body: { text: "Pick" }, action: { buttons: [] } },
    });
    expect(r2.status).toBe(400);
    expect(
      ((await r2.json()) as { error: { error_data: { details: string } } }).error.error_data.details,
    ).toMatch(/interactive.action.buttons/);
  });
});
