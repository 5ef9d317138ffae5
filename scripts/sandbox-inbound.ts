// npm run sandbox:inbound -- <type> <customer digits> [project-slug]
// Sends one inbound message of a type the sandbox phone cannot send (a voice note, a document, a sticker…)
// from a customer to the project's first sandbox number, as Meta would: a signed webhook to the running
// server, so it takes the same path as every other inbound message. The server must be running.
import { EnvError, loadEnv } from "../lib/env";

const TYPES = ["audio", "voice", "video", "document", "sticker", "contacts", "order", "unsupported"] as const;
type Kind = (typeof TYPES)[number];
const [kind, customer, slug = "demo"] = process.argv.slice(2) as [
  Kind | undefined,
  string | undefined,
  string,
];
if (!kind || !TYPES.includes(kind) || !customer || !/^\d{8,15}$/.test(customer)) {
  console.error(`usage: npm run sandbox:inbound -- <${TYPES.join("|")}> <customer digits> [project-slug]`);
  process.exit(2);
}
try {
  loadEnv();
} catch (e) {
  if (e instanceof EnvError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const { createHash } = await import("node:crypto");
const { initDatabase } = await import("../lib/db/init");
const { closeDatabase, db } = await import("../lib/db/client");
const { projectNumber } = await import("../lib/numbers/credentials");
const { trustedProjectId } = await import("../lib/auth/project-id");
const { customerContact, inbound } = await import("../lib/sandbox/payloads");
const { newMetaId } = await import("../lib/sandbox/simulator");
const { deliverMessagesChange } = await import("../lib/sandbox/webhooks");

await initDatabase(() => {});
try {
  const row = await db().phoneNumber.findFirst({
    where: { kind: "SANDBOX", project: { slug } },
    orderBy: { createdAt: "asc" },
    select: { id: true, projectId: true },
  });
  const number = row ? await projectNumber(trustedProjectId(row.projectId), row.id) : null;
  if (!number) throw new Error(`No sandbox number in project "${slug}".`);

  // A small file of the right type, stored where the simulator's Graph API serves media from.
  const file = async (mimeType: string, filename: string, data: Buffer) => {
    const id = newMetaId();
    const sha256 = createHash("sha256").update(data).digest("base64");
    await db().sandboxMedia.create({
      data: {
        id,
        phoneNumberId: number.phoneNumberId,
        mimeType,
        sha256,
        size: data.length,
        filename,
        data: new Uint8Array(data),
      },
    });
    return { id, mime_type: mimeType, sha256 };
  };
  const silence = Buffer.from("OggS-sample-voice-note"); // not playable audio; enough to show the player
  const bodies: Record<Kind, () => Promise<Record<string, unknown>>> = {
    audio: async () => ({ audio: await file("audio/mpeg", "song.mp3", silence) }),
    voice: async () => ({ audio: { ...(await file("audio/ogg", "voice.ogg", silence)), voice: true } }),
    video: async () => ({ video: { ...(await file("video/mp4", "clip.mp4", silence)), caption: "A clip" } }),
    document: async () => ({
      document: {
        ...(await file("application/pdf", "invoice.pdf", Buffer.from("%PDF-1.4\n%sample\n"))),
        filename: "invoice.pdf",
        caption: "My invoice",
      },
    }),
    sticker: async () => ({
      sticker: {
        ...(await file("image/webp", "sticker.webp", Buffer.from("RIFF0000WEBPVP8 "))),
        animated: false,
      },
    }),
    contacts: async () => ({
      contacts: [
        { name: { formatted_name: "Dana Diaz", first_name: "Dana" }, phones: [{ phone: "+1 415 555 0100" }] },
      ],
    }),
    order: async () => ({
      order: {
        catalog_id: "1234567890",
        text: "Two of these, please",
        product_items: [{ product_retailer_id: "sku-1", quantity: 2, item_price: 9.5, currency: "USD" }],
      },
    }),
    unsupported: async () => ({ errors: [{ code: 131051, title: "Message type unknown" }] }),
  };
  const type = kind === "voice" ? "audio" : kind;
  const status = await deliverMessagesChange(number, {
    contacts: [customerContact(customer, "Sandbox customer")],
    messages: [inbound(customer, type, await bodies[kind]())],
  });
  console.log(`Sent a ${kind} message from +${customer}: the webhook receiver answered ${status}.`);
} finally {
  await closeDatabase();
}
