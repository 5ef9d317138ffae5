import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trustedProjectId } from "@/lib/auth/project-id";
import type { InboxAccess } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readMedia } from "@/lib/media/data";
import { customerContact, inbound } from "@/lib/sandbox/payloads";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { registerWebhookHarness, send, setup, type TestNumber } from "@/lib/testing/webhook-harness";
import { makeConversation, makeProject, makeUser } from "@/prisma/factories";
import { sendOperatorAttachment } from "./attachments";
import { getMedia, headMedia, postAttachment } from "./media-handlers";

// Media kept on disk for this run only; the sandbox's Graph API and webhook receiver on a fixed port so a
// sandbox number's uploads and sends cross real HTTP, as in production.
const MEDIA_DIR = mkdtempSync(path.join(tmpdir(), "switchboard-media-"));
const PORT = await freePort();
process.env.MEDIA_DIR = MEDIA_DIR;
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;
process.env.SANDBOX_STATUS_DELAY_MS = "20";

registerWebhookHarness();
let sandboxServer: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  sandboxServer = await startAppServer(PORT);
});
afterAll(async () => {
  await sandboxServer.close();
  await rm(MEDIA_DIR, { recursive: true, force: true });
});

const accessFor = (projectId: string, extra: Partial<InboxAccess> = {}): InboxAccess => ({
  projectId: trustedProjectId(projectId),
  actor: { kind: "user", userId: "test-user", role: "MEMBER" },
  ...extra,
});

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const bytesOf = async (stream: ReadableStream<Uint8Array>) =>
  Buffer.from(await new Response(stream).arrayBuffer());

describe("inbound media through the inbox", () => {
  let n: TestNumber;
  const from = "15550001111";
  beforeAll(async () => {
    n = await setup();
    const messages = [
      inbound(from, "image", { image: { id: "7001", mime_type: "image/jpeg", sha256: "x" } }),
      inbound(from, "document", {
        document: { id: "7002", mime_type: "image/jpeg", sha256: "y", filename: '../../etc/"pass\nwd".pdf' },
      }),
    ];
    expect((await send(n, { contacts: [customerContact(from, "Ana")], messages })).status).toBe(200);
  });

  it("reads a stored file back for the project's access", async () => {
    const m = await readMedia(accessFor(n.projectId), "7001");
    expect(m.mimeType).toBe("image/jpeg");
    expect((await bytesOf(m.stream)).toString()).toBe("jpeg-bytes-7001");
    expect(m.size).toBe("jpeg-bytes-7001".length);
    expect(m.filename).toBe("7001.jpg");
    // The customer's file name is kept without its directories, quotes or control characters.
    const doc = await readMedia(accessFor(n.projectId), "7002");
    expect(doc.filename).toBe("passwd.pdf");
    await bytesOf(doc.stream);
  });

  it("refuses another project, a number outside the access, and an assignee-bound access", async () => {
    const other = await makeProject();
    expect((await errorOf(readMedia(accessFor(other.projectId), "7001"))).status).toBe(404);
    expect(
      (await errorOf(readMedia(accessFor(n.projectId, { numberIds: ["elsewhere"] }), "7001"))).status,
    ).toBe(404);
    const inScope = await readMedia(accessFor(n.projectId, { numberIds: [n.id] }), "7001");
    await bytesOf(inScope.stream);

    const user = await makeUser();
    const bound = accessFor(n.projectId, { assigneeId: user.id });
    expect((await errorOf(readMedia(bound, "7001"))).code).toBe("not_found");
    await db().conversation.updateMany({ where: { projectId: n.projectId }, data: { assigneeId: user.id } });
    await bytesOf((await readMedia(bound, "7001")).stream);
  });

  it("never serves ids or stored paths outside MEDIA_DIR, nor files gone from disk", async () => {
    const access = accessFor(n.projectId);
    expect((await errorOf(readMedia(access, "../7001"))).status).toBe(404);
    const row = await db().media.findFirstOrThrow({ where: { projectId: n.projectId, metaMediaId: "7002" } });
    await db().media.update({ where: { id: row.id }, data: { path: "/etc/passwd" } });
    expect((await errorOf(readMedia(access, "7002"))).status).toBe(404);
    await db().media.update({
      where: { id: row.id },
      data: { path: path.join(MEDIA_DIR, n.projectId, "gone") },
    });
    expect((await errorOf(readMedia(access, "7002"))).status).toBe(404);
  });

  it("streams over the inbox API with caching and safety headers", async () => {
    const access = accessFor(n.projectId);
    const res = await getMedia(access, "7001");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("content-length")).toBe(String("jpeg-bytes-7001".length));
    expect(res.headers.get("cache-control")).toBe("private, max-age=3600");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toMatch(/^inline; filename="7001.jpg"/);
    expect(await res.text()).toBe("jpeg-bytes-7001");
    const head = await headMedia(access, "7001");
    expect(head.headers.get("content-length")).toBe(String("jpeg-bytes-7001".length));
    expect(head.headers.get("x-media-size")).toBe(String("jpeg-bytes-7001".length));
    const foreign = await makeProject();
    expect((await errorOf(getMedia(accessFor(foreign.projectId), "7001"))).status).toBe(404);
  });
});

// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

describe("sendOperatorAttachment on a sandbox number", () => {
  async function sandboxConversation() {
    const ctx = await makeProject();
    const number = await db().phoneNumber.findFirstOrThrow({
      where: { projectId: ctx.projectId, kind: "SANDBOX" },
      select: { id: true },
    });
    const c = await makeConversation(ctx, number.id);
    return { ctx, numberId: number.id, conversationId: c.id, access: accessFor(ctx.projectId) };
  }

  it("uploads, keeps the file for the thread and sends it with its caption", async () => {
    const { access, conversationId } = await sandboxConversation();
    const r = await sendOperatorAttachment(access, access.actor, {
      conversationId: conversationId,
      bytes: PNG,
      mimeType: "image/png",
      filename: "chart.png",
      caption: "Here you go",
    });
    const msg = await db().message.findUniqueOrThrow({ where: { id: r.messageId } });
    expect(msg).toMatchObject({ type: "image", direction: "OUTBOUND", origin: "OPERATOR" });
    expect(msg.wamid).toMatch(/^wamid\./);
    expect((msg.content as { image: unknown }).image).toEqual({ id: r.mediaId, caption: "Here you go" });
    // Meta (the simulator) has the file, and so does the inbox.
    const uploaded = await db().sandboxMedia.findUniqueOrThrow({ where: { id: r.mediaId } });
    expect(uploaded).toMatchObject({ mimeType: "image/png", size: PNG.length });
    const mine = await readMedia(access, r.mediaId);
    expect(await bytesOf(mine.stream)).toEqual(PNG);
  });

  it("sends documents with their file name and a reply context, through the HTTP route", async () => {
    const { access, conversationId } = await sandboxConversation();
    const first = await sendOperatorAttachment(access, access.actor, {
      conversationId: conversationId,
      bytes: PNG,
      mimeType: "image/png",
    });
    const quoted = await db().message.findUniqueOrThrow({ where: { id: first.messageId } });
    const form = new FormData();
    form.set(
      "file",
      new File([new TextEncoder().encode("%PDF-1.4 test")], "Quote 7.pdf", { type: "application/pdf" }),
    );
    form.set("caption", "The quote");
    form.set("replyTo", quoted.wamid ?? "");
    const res = await postAttachment(
      access,
      new Request(`http://x/conversations/${conversationId}/attachments`, { method: "POST", body: form }),
      conversationId,
    );
    expect(res.status).toBe(201);
    const { messageId } = (await res.json()) as { messageId: string };
    const msg = await db().message.findUniqueOrThrow({ where: { id: messageId } });
    expect(msg.content).toMatchObject({
      type: "document",
      document: { filename: "Quote 7.pdf", caption: "The quote" },
      context: { message_id: quoted.wamid },
    });
    expect(msg.replyToWamid).toBe(quoted.wamid);
  });

  it("refuses files over Meta's limit (413), unsupported types and captions on audio (422)", async () => {
    const { access, conversationId } = await sandboxConversation();
    const big = await errorOf(
      sendOperatorAttachment(access, access.actor, {
        conversationId: conversationId,
        bytes: new Uint8Array(5 * 1024 * 1024 + 1),
        mimeType: "image/jpeg",
      }),
    );
    expect(big.status).toBe(413);
    expect(big.message).toMatch(/Images can be at most 5 MB/);
    const gif = await errorOf(
      sendOperatorAttachment(access, access.actor, {
        conversationId: conversationId,
        bytes: PNG,
        mimeType: "image/gif",
      }),
    );
    expect(gif.status).toBe(422);
    const audio = await errorOf(
      sendOperatorAttachment(access, access.actor, {
        conversationId: conversationId,
        bytes: PNG,
        mimeType: "audio/ogg",
        caption: "listen",
      }),
    );
    expect(audio.status).toBe(422);
    expect(await db().message.count({ where: { conversationId } })).toBe(0);

    const form = new FormData();
    form.set("file", new File([new Uint8Array(17 * 1024 * 1024)], "long.mp4", { type: "video/mp4" }));
    const viaRoute = await errorOf(
      postAttachment(
        access,
        new Request(`http://x/conversations/${conversationId}/attachments`, { method: "POST", body: form }),
        conversationId,
      ),
    );
    expect(viaRoute.status).toBe(413);
    expect(viaRoute.message).toMatch(/Videos can be at most 16 MB/);
  });

  it("refuses when the 24-hour window is closed, before uploading anything", async () => {
    const { access, conversationId, numberId } = await sandboxConversation();
    await db().conversation.update({
      where: { id: conversationId },
      data: { lastInboundAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const number = await db().phoneNumber.findUniqueOrThrow({ where: { id: numberId } });
    const before = await db().sandboxMedia.count({ where: { phoneNumberId: number.phoneNumberId } });
    const e = await errorOf(
      sendOperatorAttachment(access, access.actor, {
        conversationId: conversationId,
        bytes: PNG,
        mimeType: "image/png",
      }),
    );
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/24-hour window .* closed.*template/);
    expect(await db().sandboxMedia.count({ where: { phoneNumberId: number.phoneNumberId } })).toBe(before);
    expect(await db().message.count({ where: { conversationId } })).toBe(0);
  });

  it("does not send into another project's conversation or one outside the access's numbers", async () => {
    const { conversationId } = await sandboxConversation();
    const other = await makeProject();
    expect(
      (
        await errorOf(
          sendOperatorAttachment(accessFor(other.projectId), accessFor(other.projectId).actor, {
            conversationId: conversationId,
            bytes: PNG,
            mimeType: "image/png",
          }),
        )
      ).code,
    ).toBe("not_found");
    const { ctx, conversationId: own } = await sandboxConversation();
    const narrowed = accessFor(ctx.projectId, { numberIds: ["another-number"] });
    expect(
      (
        await errorOf(
          sendOperatorAttachment(narrowed, narrowed.actor, {
            conversationId: own,
            bytes: PNG,
            mimeType: "image/png",
          }),
        )
      ).code,
    ).toBe("not_found");
  });
});
