import "@/lib/server-only";
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isWindowOpen } from "@/lib/messages/window";
import { type NumberWithSecrets, numberByMetaId, numbersByWaba } from "@/lib/numbers/credentials";
import { SandboxGraphError } from "./graph-error";
import { newWamid, nowSeconds, status as statusPayload } from "./payloads";
import { type TemplateDef, validateSend } from "./validate";
import { deliverMessagesChange, later } from "./webhooks";

function sameToken(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

const unauthorized = () =>
  new SandboxGraphError(
    190,
    "Invalid OAuth access token - Cannot parse access token",
    "The access token is not valid for this sandbox number",
    401,
    463,
  );

/** The sandbox number a Graph path names, if the bearer token is its own. */
export async function authorizeNumber(
  bearer: string | null,
  phoneNumberId: string,
): Promise<NumberWithSecrets> {
  const n = await numberByMetaId(phoneNumberId);
  if (n?.kind !== "SANDBOX")
    throw new SandboxGraphError(
      100,
      "Unsupported get request",
      `Object with ID '${phoneNumberId}' does not exist`,
      404,
      33,
    );
  if (!bearer || !n.accessToken || !sameToken(bearer, n.accessToken)) throw unauthorized();
  return n;
}

export async function authorizeWaba(bearer: string | null, wabaId: string): Promise<NumberWithSecrets[]> {
  const numbers = (await numbersByWaba(wabaId)).filter((n) => n.kind === "SANDBOX");
  if (numbers.length === 0)
    throw new SandboxGraphError(
      100,
      "Unsupported get request",
      `Object with ID '${wabaId}' does not exist`,
      404,
      33,
    );
  if (!bearer || !numbers.some((n) => n.accessToken && sameToken(bearer, n.accessToken)))
    throw unauthorized();
  return numbers;
}

async function approvedTemplates(wabaId: string): Promise<TemplateDef[]> {
  const rows = await db().sandboxTemplate.findMany({
    where: { wabaId },
    select: { name: true, language: true, status: true, components: true },
  });
  return rows.map((r) => ({ ...r, components: r.components as Record<string, unknown>[] }));
}

/** POST /{phone-number-id}/messages: validate like Meta, answer like Meta, then send the status webhooks. */
export async function simulateSend(number: NumberWithSecrets, body: unknown): Promise<unknown> {
  const templates = await approvedTemplates(number.wabaId);
  const kind = validateSend(body, (name, language) =>
    templates.find((t) => t.name === name && t.language === language),
  );
  if (kind.kind === "read") {
    const target = await db().sandboxMessage.findUnique({ where: { wamid: kind.messageId } });
    if (!target || target.phoneNumberId !== number.phoneNumberId || target.direction !== "FROM_CUSTOMER") {
      throw new SandboxGraphError(
        131009,
        "Parameter value is not valid",
        `message_id ${kind.messageId} is not a message this number received`,
      );
    }
    await db().sandboxMessage.updateMany({
      where: {
        phoneNumberId: number.phoneNumberId,
        customerWaId: target.customerWaId,
        direction: "FROM_CUSTOMER",
        createdAt: { lte: target.createdAt },
      },
      data: { status: "read" },
    });
    return { success: true };
  }

  const wamid = newWamid();
  const { delay, rate } = { delay: env().SANDBOX_STATUS_DELAY_MS, rate: env().SANDBOX_RATE_LIMIT_PER_SECOND };
  const [lastInbound, recentSends] = await Promise.all([
    db().sandboxMessage.findFirst({
      where: { phoneNumberId: number.phoneNumberId, customerWaId: kind.to, direction: "FROM_CUSTOMER" },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    }),
    db().sandboxMessage.count({
      where: {
        phoneNumberId: number.phoneNumberId,
        direction: "TO_CUSTOMER",
        createdAt: { gte: new Date(Date.now() - 1000) },
      },
    }),
  ]);
  const outsideWindow = !kind.isTemplate && !isWindowOpen(lastInbound?.createdAt);
  const overRate = recentSends >= rate;
  const failure = outsideWindow
    ? {
        code: 131047,
        title: "Re-engagement message",
        message: "Re-engagement message",
        error_data: {
          details:
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        },
      }
    : overRate
      ? {
          code: 130429,
          title: "Rate limit hit",
          message: "Rate limit hit",
          error_data: { details: `Cloud API message throughput has been reached (sandbox limit ${rate}/s).` },
        }
      : null;

  await db().sandboxMessage.create({
    data: {
      wamid,
      phoneNumberId: number.phoneNumberId,
      customerWaId: kind.to,
      direction: "TO_CUSTOMER",
      type: kind.type,
      payload: body as Prisma.InputJsonObject,
      status: failure ? "failed" : "accepted",
    },
  });

  const sendStatus = (st: "sent" | "delivered" | "read" | "failed", extra: Record<string, unknown> = {}) =>
    later(0, async () => {
      await db().sandboxMessage.update({ where: { wamid }, data: { status: st } });
      await deliverMessagesChange(number, { statuses: [statusPayload(wamid, st, kind.to, extra)] });
    });
  const pricing = {
    billable: kind.isTemplate,
    pricing_model: "PMP",
    type: kind.isTemplate ? "regular" : "free_customer_service",
    category: kind.isTemplate ? "utility" : "service",
  };
  if (failure) later(delay, async () => sendStatus("failed", { errors: [failure] }));
  else {
    later(delay, async () => sendStatus("sent", { pricing }));
    later(delay * 2, async () => sendStatus("delivered", { pricing }));
    later(delay * 3, async () => sendStatus("read", { pricing }));
  }
  return {
    messaging_product: "whatsapp",
    contacts: [{ input: String((body as { to?: string }).to ?? kind.to), wa_id: kind.to }],
    messages: [{ id: wamid, message_status: "accepted" }],
  };
}

/** Chat history as the simulated customer's phone shows it. */
export async function phoneThread(phoneNumberId: string, customerWaId: string, limit = 200) {
  const rows = await db().sandboxMessage.findMany({
    where: { phoneNumberId, customerWaId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { wamid: true, direction: true, type: true, payload: true, status: true, createdAt: true },
  });
  return rows.reverse().map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export function newMetaId(): string {
  return `${randomInt(1, 9)}${Array.from({ length: 15 }, () => randomInt(10)).join("")}`;
}

export { nowSeconds };
