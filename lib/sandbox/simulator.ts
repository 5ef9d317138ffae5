import "@/lib/server-only";
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { WINDOW_MS } from "@/lib/messages/window";
import { type NumberWithSecrets, numberByMetaId, numbersByWaba } from "@/lib/numbers/credentials";
import { SandboxGraphError } from "./graph-error";
import { newWamid, nowSeconds } from "./payloads";
import { queueStatus } from "./status-store";
import { type TemplateDef, validateSend } from "./validate";
import { later } from "./webhooks";

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

async function loadTemplates(wabaId: string): Promise<TemplateDef[]> {
  const rows = await db().sandboxTemplate.findMany({
    where: { wabaId },
    select: { name: true, language: true, status: true, components: true },
  });
  return rows.map((r) => ({ ...r, components: r.components as Record<string, unknown>[] }));
}

/** A second is what a broadcast's sends may share one read of the account's templates for. */
const TEMPLATES_TTL_MS = 1000;
const templateCache = new Map<string, { at: number; templates: TemplateDef[] }>();

/**
 * The account's templates, read at most once a second while sends go on. A template the cached list
 * lacks or holds unapproved is read afresh before a send is refused, so a template approved a moment
 * ago is never refused; one changed in the last second may be checked against its previous version.
 */
async function templateFor(wabaId: string, name: string, language: string) {
  const find = (list: TemplateDef[]) => list.find((t) => t.name === name && t.language === language);
  const hit = templateCache.get(wabaId);
  if (hit && Date.now() - hit.at < TEMPLATES_TTL_MS) {
    const t = find(hit.templates);
    if (t?.status === "APPROVED") return t;
  }
  const templates = await loadTemplates(wabaId);
  if (templateCache.size > 1000) templateCache.clear();
  templateCache.set(wabaId, { at: Date.now(), templates });
  return find(templates);
}

/** POST /{phone-number-id}/messages: validate like Meta, answer like Meta, then send the status webhooks. */
export async function simulateSend(number: NumberWithSecrets, body: unknown): Promise<unknown> {
  // Only a template send needs the account's templates.
  const b = body as { type?: unknown; template?: { name?: unknown; language?: { code?: unknown } } } | null;
  const asked = b?.type === "template" ? b.template : undefined;
  const template =
    typeof asked?.name === "string" && typeof asked.language?.code === "string"
      ? await templateFor(number.wabaId, asked.name, asked.language.code)
      : undefined;
  const kind = validateSend(body, (name, language) =>
    template?.name === name && template.language === language ? template : undefined,
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
  const now = new Date();
  // One statement: the customer's window, the sends of the last second (the rate limit) and the stored
  // message with its verdict. Concurrent sends may both see the same count, as on Meta's side a burst
  // may pass the limit by a little.
  const [row] = await db().$queryRaw<{ outsideWindow: boolean; overRate: boolean }[]>`
    WITH last_in AS (
      SELECT max("createdAt") AS at FROM "SandboxMessage"
      WHERE "phoneNumberId" = ${number.phoneNumberId} AND "customerWaId" = ${kind.to}
        AND direction = 'FROM_CUSTOMER'),
    recent AS (
      SELECT count(*) AS n FROM "SandboxMessage"
      WHERE "phoneNumberId" = ${number.phoneNumberId} AND direction = 'TO_CUSTOMER'
        AND "createdAt" >= ${new Date(now.getTime() - 1000)}),
    verdict AS (
      SELECT NOT ${kind.isTemplate} AND (last_in.at IS NULL OR last_in.at <= ${new Date(now.getTime() - WINDOW_MS)})
               AS "outsideWindow",
             recent.n >= ${rate} AS "overRate"
      FROM last_in, recent),
    stored AS (
      INSERT INTO "SandboxMessage" (wamid, "phoneNumberId", "customerWaId", direction, type, payload, status, "createdAt")
      SELECT ${wamid}, ${number.phoneNumberId}, ${kind.to}, 'TO_CUSTOMER', ${kind.type}, ${JSON.stringify(body)}::jsonb,
             CASE WHEN "outsideWindow" OR "overRate" THEN 'failed' ELSE 'accepted' END, ${now}
      FROM verdict)
    SELECT "outsideWindow", "overRate" FROM verdict`;
  const failure = row?.outsideWindow
    ? {
        code: 131047,
        title: "Re-engagement message",
        message: "Re-engagement message",
        error_data: {
          details:
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        },
      }
    : row?.overRate
      ? {
          code: 130429,
          title: "Rate limit hit",
          message: "Rate limit hit",
          error_data: { details: `Cloud API message throughput has been reached (sandbox limit ${rate}/s).` },
        }
      : null;

  const sendStatus = (st: "sent" | "delivered" | "read" | "failed", extra: Record<string, unknown>) =>
    queueStatus(number, wamid, st, kind.to, extra);
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
