import type { MessageOrigin } from "@/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { wakeDispatcher } from "@/lib/events/dispatcher";
import { GraphError, graph } from "@/lib/meta/client";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";
import { recordSendFailure, recordSent, reserveSend } from "./mutations";

/** Meta's outbound message types; each needs its own content object (`{ type: "text", text: {…} }`). */
const MESSAGE_TYPES = [
  "text",
  "image",
  "audio",
  "video",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive",
  "template",
  "reaction",
] as const;

export interface SendResult {
  messageId: string;
  conversationId: string;
  wamid: string;
  /** Meta's answer, as Meta gave it. */
  response: unknown;
}

interface GraphSendResponse {
  messages?: { id: string }[];
}

/**
 * Sends one message for a number and stores it, for every origin (operator, workflow, API, broadcast).
 * Refuses a free-form message outside the 24-hour window up front unless `refuseOutsideWindow: false`
 * (the Meta proxy, which behaves like Meta: accepted, then `failed` with 131047 by status webhook).
 * Allows one message in flight per conversation (the database enforces it: a second concurrent send
 * gets 409), and records Meta's refusal on the message so it can be retried.
 */
export async function sendMessage(
  number: NumberWithSecrets,
  body: Record<string, unknown>,
  origin: MessageOrigin,
  opts: { refuseOutsideWindow?: boolean; idempotencyKey?: string } = {},
): Promise<SendResult> {
  const rawTo = body.to ?? body.recipient;
  if (typeof rawTo !== "string" || !/^\+?[\d\s().-]{5,24}$|^[A-Z]{2}\.[\w.]+$/.test(rawTo.trim())) {
    throw new AppError(
      "validation",
      "to: the recipient's phone number in international format, or a business-scoped user id",
      { fields: { to: "Invalid recipient" } },
    );
  }
  if (body.type !== undefined && typeof body.type !== "string") {
    throw new AppError("validation", "type: must be a message type such as text or template", {
      fields: { type: "Invalid type" },
    });
  }
  const to = rawTo.replace(/[^\dA-Z.]/g, "");
  if (!to)
    throw new AppError("validation", "to: the recipient's phone number is required", {
      fields: { to: "Required" },
    });
  const type = String(body.type ?? "text");
  // Checked before anything is written: a refused type must not leave a pending message behind.
  if (!(MESSAGE_TYPES as readonly string[]).includes(type))
    throw new AppError("validation", `type: must be one of ${MESSAGE_TYPES.join(", ")}`, {
      fields: { type: "Unknown message type" },
    });
  const content = body[type];
  if (typeof content !== "object" || content === null || Array.isArray(content))
    throw new AppError("validation", `${type}: a ${type} message needs a "${type}" object`, {
      fields: { [type]: "Required object" },
    });

  const pending = await reserveSend(number, {
    to,
    type,
    body,
    origin,
    refuseOutsideWindow: opts.refuseOutsideWindow ?? true,
    idempotencyKey: opts.idempotencyKey,
  });
  wakeDispatcher();

  try {
    const response = await graph<GraphSendResponse>(number, "POST", `${number.phoneNumberId}/messages`, {
      body: { messaging_product: "whatsapp", ...body },
    });
    const wamid = response?.messages?.[0]?.id;
    if (!wamid)
      throw new AppError("unavailable", "WhatsApp accepted the request but returned no message id.");
    await recordSent(number, pending, wamid);
    wakeDispatcher();
    return { ...pending, wamid, response };
  } catch (e) {
    const error =
      e instanceof GraphError
        ? { code: e.problem.code, title: e.problem.action, details: e.problem.details ?? null }
        : { code: 0, title: (e as Error).message };
    await recordSendFailure(number, pending, error);
    wakeDispatcher();
    throw e;
  }
}
