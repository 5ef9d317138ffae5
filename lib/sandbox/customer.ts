import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import type { CustomerInput } from "./customer-schema";
import { customerContact, inbound } from "./payloads";
import { newMetaId } from "./simulator";
import { deliverMessagesChange } from "./webhooks";

/**
 * The simulated customer's phone: builds the message Meta would send for what the customer did,
 * keeps it in the simulator's history, and delivers it as a signed webhook to the app.
 */
export async function customerSend(
  number: NumberWithSecrets,
  input: CustomerInput,
  file?: { data: Buffer; mimeType: string; name: string },
): Promise<{ wamid: string }> {
  const from = input.customer.waId;
  const context = input.replyTo
    ? { context: { from: number.displayPhoneNumber.replace(/\D/g, ""), id: input.replyTo } }
    : {};
  let msg: Record<string, unknown>;
  switch (input.kind) {
    case "text":
      msg = inbound(from, "text", { text: { body: input.text } }, context);
      break;
    case "image": {
      if (!file)
        throw new AppError("validation", "Choose an image to send", { fields: { file: "Required" } });
      if (!/^image\/(jpeg|png)$/.test(file.mimeType))
        throw new AppError("validation", "WhatsApp accepts JPEG or PNG images", {
          fields: { file: "JPEG or PNG" },
        });
      if (file.data.length > 5 * 1024 * 1024)
        throw new AppError("validation", "Images can be at most 5 MB", { fields: { file: "Over 5 MB" } });
      const id = newMetaId();
      const sha256 = createHash("sha256").update(file.data).digest("base64");
      await db().sandboxMedia.create({
        data: {
          id,
          phoneNumberId: number.phoneNumberId,
          mimeType: file.mimeType,
          sha256,
          size: file.data.length,
          filename: file.name,
          data: new Uint8Array(file.data),
        },
      });
      msg = inbound(
        from,
        "image",
        { image: { id, mime_type: file.mimeType, sha256, ...(input.text ? { caption: input.text } : {}) } },
        context,
      );
      break;
    }
    case "location":
      msg = inbound(
        from,
        "location",
        {
          location: {
            latitude: input.latitude,
            longitude: input.longitude,
            ...(input.name ? { name: input.name } : {}),
            ...(input.address ? { address: input.address } : {}),
          },
        },
        context,
      );
      break;
    case "reaction":
      msg = inbound(from, "reaction", {
        reaction: { message_id: input.messageId, ...(input.emoji ? { emoji: input.emoji } : {}) },
      });
      break;
    case "button_reply":
    case "list_reply": {
      const target = await db().sandboxMessage.findUnique({ where: { wamid: input.messageId } });
      if (!target || target.phoneNumberId !== number.phoneNumberId || target.customerWaId !== from)
        throw new AppError("not_found", "That message is not in this chat");
      const reply =
        input.kind === "button_reply"
          ? { button_reply: { id: input.id, title: input.title } }
          : {
              list_reply: {
                id: input.id,
                title: input.title,
                ...(input.description ? { description: input.description } : {}),
              },
            };
      msg = inbound(
        from,
        "interactive",
        { interactive: { type: input.kind, ...reply } },
        { context: { from: number.displayPhoneNumber.replace(/\D/g, ""), id: input.messageId } },
      );
      break;
    }
    case "quick_reply":
      msg = inbound(
        from,
        "button",
        { button: { payload: input.payload, text: input.title } },
        { context: { from: number.displayPhoneNumber.replace(/\D/g, ""), id: input.messageId } },
      );
      break;
  }
  const wamid = String(msg.id);
  await db().sandboxMessage.create({
    data: {
      wamid,
      phoneNumberId: number.phoneNumberId,
      customerWaId: from,
      direction: "FROM_CUSTOMER",
      type: String(msg.type),
      payload: msg as Prisma.InputJsonObject,
      status: "sent",
    },
  });
  const status = await deliverMessagesChange(number, {
    contacts: [customerContact(from, input.customer.name)],
    messages: [msg],
  });
  if (status !== 200)
    throw new AppError("unavailable", `The app's webhook receiver answered ${status}; check the server log.`);
  await db().sandboxMessage.update({ where: { wamid }, data: { status: "delivered" } });
  return { wamid };
}
