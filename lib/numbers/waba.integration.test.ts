import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { credentialCacheSize } from "@/lib/numbers/credentials";
import { createNumber } from "@/lib/numbers/mutations";
import { envelope, messagesChange, signBody } from "@/lib/sandbox/payloads";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";

// WABA hijack: an admin of project X who types project Y's WABA id must not get it, and even a number
// that already claims Y's WABA (data from before the check) must not change how Y's webhooks are
// verified. And unsigned floods buy no database work.

let graph: Server;
/** What the fake Graph API says each WABA holds. */
const wabaNumbers = new Map<string, string[]>();
let receiveWebhook: typeof import("@/lib/ingest/receive").receiveWebhook;
let connectLiveNumber: typeof import("@/lib/numbers/mutations").connectLiveNumber;

beforeAll(async () => {
  graph = createServer((req, res) => {
    const parts = new URL(req.url ?? "/", "http://x").pathname.split("/").filter(Boolean);
    if (req.headers.authorization?.includes("revoked")) {
      res.writeHead(401, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          error: { message: "Error validating access token", type: "OAuthException", code: 190 },
        }),
      );
    }
    res.writeHead(200, { "content-type": "application/json" });
    if (parts[2] === "phone_numbers")
      return res.end(JSON.stringify({ data: (wabaNumbers.get(parts[1]!) ?? []).map((id) => ({ id })) }));
    res.end(JSON.stringify({ id: parts[1], display_phone_number: "+1 555 0100", verified_name: "Biz" }));
  });
  await new Promise<void>((r) => graph.listen(0, "127.0.0.1", r));
  process.env.META_GRAPH_URL = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  ({ receiveWebhook } = await import("@/lib/ingest/receive"));
  ({ connectLiveNumber } = await import("@/lib/numbers/mutations"));
});
afterAll(() => new Promise<void>((r) => graph.close(() => r())));

const digits = () => String(Math.floor(1e11 + Math.random() * 8.9e11));
const details = (phoneNumberId: string, wabaId: string) => ({
  phoneNumberId,
  wabaId,
  accessToken: "EAAG-a-long-enough-token-for-the-schema",
  appSecret: "a".repeat(32),
  verifyToken: "verify-token-123",
});

describe("connecting a live number", () => {
  it("refuses a WABA id that Graph does not list the number under", async () => {
    // A WABA no project holds yet (Y connected elsewhere): Graph is the only witness.
    const waba = digits();
    wabaNumbers.set(waba, [digits()]);
    const x = await makeProject();
    await expect(
      connectLiveNumber(memberScope(x), memberActor(x), details(digits(), waba)),
    ).rejects.toMatchObject({
      code: "validation",
      fields: { wabaId: expect.any(String) },
    });
  });

  it("refuses a WABA id another project already holds, even if Graph lists the number", async () => {
    const y = await makeProject();
    const yNumber = await makeNumber(y, "LIVE");
    const xPhone = digits();
    wabaNumbers.set(yNumber.wabaId, [yNumber.phoneNumberId, xPhone]);
    const x = await makeProject();
    await expect(
      connectLiveNumber(memberScope(x), memberActor(x), details(xPhone, yNumber.wabaId)),
    ).rejects.toMatchObject({
      code: "conflict",
      fields: { wabaId: expect.any(String) },
    });
  });

  it("accepts a number that Graph lists under its WABA", async () => {
    const x = await makeProject();
    const phone = digits();
    const waba = digits();
    wabaNumbers.set(waba, [phone]);
    await expect(
      connectLiveNumber(memberScope(x), memberActor(x), details(phone, waba)),
    ).resolves.toMatchObject({
      id: expect.any(String),
    });
  });
});

describe("updating a live number's credentials", () => {
  it("checks a new token with Graph, replaces the app secret the receiver verifies with, keeps blanks", async () => {
    const { updateNumberCredentials } = await import("@/lib/numbers/mutations");
    const { db } = await import("@/lib/db/client");
    const x = await makeProject();
    const phone = digits();
    const waba = digits();
    wabaNumbers.set(waba, [phone]);
    const { id } = await connectLiveNumber(memberScope(x), memberActor(x), details(phone, waba));
    const number = { phoneNumberId: phone, wabaId: waba, displayPhoneNumber: "+1 555 0100" };
    const body = Buffer.from(
      JSON.stringify(
        envelope(waba, [
          messagesChange(number, {
            messages: [{ id: `wamid.${digits()}`, from: "15550002222", type: "text", text: { body: "hi" } }],
          }),
        ]),
      ),
    );
    const signedBy = (secret: string) => receiveWebhook(body, signBody(body.toString(), secret));
    const oldSecret = "a".repeat(32);
    const newSecret = "b".repeat(32);
    expect((await signedBy(oldSecret)).status).toBe(200);
    const update = (input: Record<string, string>) =>
      updateNumberCredentials(memberScope(x), memberActor(x), { numberId: id, ...input });

    // A token Meta refuses is not saved, and nothing else changes with it.
    await expect(
      update({ accessToken: "EAAG-revoked-token-revoked-token", appSecret: newSecret }),
    ).rejects.toMatchObject({ code: "validation", fields: { accessToken: expect.any(String) } });
    expect((await signedBy(oldSecret)).status).toBe(200);
    // Nothing to change.
    await expect(update({})).rejects.toMatchObject({ code: "validation" });

    await update({ appSecret: newSecret });
    expect((await signedBy(oldSecret)).status).toBe(401);
    expect((await signedBy(newSecret)).status).toBe(200);
    await update({ accessToken: "EAAG-a-fresh-token-that-graph-accepts" });
    const audit = await db().auditLog.findMany({
      where: { projectId: x.projectId, action: "number.credentials_updated" },
      select: { data: true },
    });
    // Which credentials changed is recorded; their values never are.
    expect(audit.map((a) => a.data)).toEqual(
      expect.arrayContaining([{ changed: ["app_secret"] }, { changed: ["access_token"] }]),
    );
    expect(JSON.stringify(audit)).not.toContain(newSecret);

    // Another project's admin cannot reach it; a sandbox number has nothing to update.
    const other = await makeProject();
    await expect(
      updateNumberCredentials(memberScope(other), memberActor(other), { numberId: id, appSecret: oldSecret }),
    ).rejects.toMatchObject({ code: "not_found" });
    const sandbox = await makeNumber(x, "SANDBOX");
    await expect(
      updateNumberCredentials(memberScope(x), memberActor(x), { numberId: sandbox.id, appSecret: oldSecret }),
    ).rejects.toMatchObject({ code: "validation" });
  });
});

describe("the receiver", () => {
  it("keeps verifying Y's events with Y's secret when X's number claims Y's WABA", async () => {
    const y = await makeProject();
    const yNumber = await makeNumber(y, "LIVE");
    const x = await makeProject();
    // Stored directly, as a number connected before the WABA was checked would be.
    await createNumber(x.projectId, {
      kind: "LIVE",
      phoneNumberId: digits(),
      wabaId: yNumber.wabaId,
      displayPhoneNumber: "+1 555 0199",
      verifiedName: "X",
      accessToken: "EAAG-x-token",
      appSecret: "x-secret-x-secret",
    });
    const message = envelope(yNumber.wabaId, [
      messagesChange(yNumber, {
        messages: [{ id: `wamid.${digits()}`, from: "15550001111", type: "text", text: { body: "hi" } }],
      }),
    ]);
    const body = Buffer.from(JSON.stringify(message));
    const r = await receiveWebhook(body, signBody(body.toString(), yNumber.appSecret));
    expect(r.status).toBe(200);
    expect(r.status === 200 && r.orphan).toBe(false);

    // An account-level event (only the WABA id) signed by Y is Y's, and X's secret cannot sign one.
    const template = Buffer.from(
      JSON.stringify(
        envelope(yNumber.wabaId, [
          { field: "message_template_status_update", value: { event: "APPROVED", message_template_id: "1" } },
        ]),
      ),
    );
    const { processWebhookEvent } = await import("@/lib/ingest/process");
    const { db } = await import("@/lib/db/client");
    const byY = await receiveWebhook(template, signBody(template.toString(), yNumber.appSecret));
    expect(byY.status).toBe(200);
    if (byY.status === 200 && byY.eventId) await processWebhookEvent(byY.eventId, byY.body);
    const rows = () =>
      db().messageTemplate.findMany({ where: { wabaId: yNumber.wabaId }, select: { projectId: true } });
    expect((await rows()).map((t) => t.projectId)).toEqual([y.projectId]);
    // Signed with X's secret, it is at most X's own business: Y's templates are not touched.
    const forged = Buffer.from(template.toString().replace("APPROVED", "REJECTED"));
    const byX = await receiveWebhook(forged, signBody(forged.toString(), "x-secret-x-secret"));
    if (byX.status === 200 && byX.eventId) await processWebhookEvent(byX.eventId, byX.body);
    const yTemplate = await db().messageTemplate.findFirstOrThrow({
      where: { projectId: y.projectId, wabaId: yNumber.wabaId },
      select: { status: true },
    });
    expect(yTemplate.status).toBe("APPROVED");
  });

  it("answers a flood of unknown ids without a lookup per id or an unbounded log line", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const before = credentialCacheSize();
    const many = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: digits(),
          changes: Array.from({ length: 20_000 }, (_, i) => ({
            field: "messages",
            value: { metadata: { phone_number_id: String(1e12 + i) } },
          })),
        },
      ],
    };
    const body = Buffer.from(JSON.stringify(many));
    const started = performance.now();
    const r = await receiveWebhook(body, "sha256=00");
    expect(r.status).toBe(400);
    // 20,000 lookups would take seconds; the bound leaves room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(credentialCacheSize() - before).toBe(0);

    // Within the cap, a fixed cost before the signature is checked: the first number, then its WABA.
    const few = { ...many, entry: [{ ...many.entry[0]!, changes: many.entry[0]!.changes.slice(0, 40) }] };
    const fewBody = Buffer.from(JSON.stringify(few));
    await receiveWebhook(fewBody, "sha256=00");
    expect(credentialCacheSize() - before).toBeLessThanOrEqual(2);
    for (const call of warn.mock.calls) expect(String(call[0]).length).toBeLessThan(300);
    warn.mockRestore();
  });
});
