import "@/lib/server-only";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { emit } from "@/lib/events/outbox";
import { GraphError, graph } from "@/lib/meta/client";
import { forgetNumber, type NumberWithSecrets, projectNumber } from "./credentials";
import { type HealthChecks, type HealthReport, overallStatus } from "./health";

// Kapso's number health check (research/kapso-spec.md §5.2): phone number access, token validity,
// messaging health with Meta's entities and errors, webhook subscription, webhook verified and an
// optional test message, each a Graph call (or a look at what arrived), then healthy / degraded /
// unhealthy / error. Run on demand (Numbers page, Platform API) and on a schedule (numbers.health-check).

interface NumberInfo {
  id: string;
  verified_name?: string;
  display_phone_number?: string;
  quality_rating?: string;
  status?: string;
  throughput?: { level?: string };
  messaging_limit_tier?: string;
  health_status?: {
    can_send_message?: string;
    entities?: {
      entity_type?: string;
      id?: string;
      can_send_message?: string;
      errors?: { error_code?: number; error_description?: string; possible_solution?: string }[];
      additional_info?: string[];
    }[];
  };
}

const FIELDS =
  "id,verified_name,display_phone_number,quality_rating,status,throughput,messaging_limit_tier,health_status";

function graphFailure(e: unknown): { message: string; code?: number; token: boolean } {
  if (e instanceof GraphError)
    return {
      message: e.problem.details ?? e.problem.action,
      code: e.problem.code,
      token: e.problem.code === 190,
    };
  return { message: (e as Error).message || "Graph could not be reached", token: false };
}

async function check(
  n: NumberWithSecrets,
  opts: { testTo?: string },
): Promise<{ checks: HealthChecks; info?: NumberInfo }> {
  const checks: HealthChecks = {};
  let info: NumberInfo | undefined;
  try {
    info = await graph<NumberInfo>(n, "GET", n.phoneNumberId, { query: { fields: FIELDS }, attempts: 2 });
    checks.phone_number_access = {
      passed: true,
      details: {
        id: info.id,
        verified_name: info.verified_name ?? null,
        display_phone_number: info.display_phone_number ?? null,
        quality_rating: info.quality_rating ?? null,
        status: info.status ?? null,
        throughput_tier: info.throughput?.level ?? null,
      },
    };
    checks.token_validity = { passed: true };
  } catch (e) {
    const f = graphFailure(e);
    checks.phone_number_access = {
      passed: false,
      error: f.message,
      ...(f.code ? { error_code: f.code } : {}),
    };
    checks.token_validity = f.token ? { passed: false, error: f.message } : { passed: true };
    return { checks };
  }

  const hs = info.health_status;
  const overall = hs?.can_send_message ?? "AVAILABLE";
  const entities = (hs?.entities ?? []).map((x) => ({
    entity_type: x.entity_type ?? "PHONE_NUMBER",
    id: x.id ?? "",
    can_send_message: x.can_send_message ?? "AVAILABLE",
    errors: (x.errors ?? []).map((er) => ({
      error_code: er.error_code ?? 0,
      error_description: er.error_description ?? "",
      possible_solution: er.possible_solution ?? "",
    })),
    additional_info: x.additional_info ?? [],
  }));
  const firstError = entities.flatMap((x) => x.errors)[0];
  checks.messaging_health = {
    passed: overall === "AVAILABLE",
    overall_status: overall,
    ...(firstError ? { error: firstError.error_description } : {}),
    details: { can_send_message: overall, entities },
  };

  try {
    const apps = await graph<{
      data?: { whatsapp_business_api_data?: { id?: string }; subscribed_fields?: string[] }[];
    }>(n, "GET", `${n.wabaId}/subscribed_apps`, { attempts: 2 });
    const app = apps.data?.[0];
    checks.webhook_subscription = {
      passed: !!app,
      details: {
        app_id: app?.whatsapp_business_api_data?.id ?? null,
        subscribed: !!app,
        subscribed_fields: app?.subscribed_fields ?? [],
      },
      ...(app ? {} : { error: "No app is subscribed to this WhatsApp Business Account's webhooks" }),
    };
  } catch (e) {
    checks.webhook_subscription = { passed: false, error: graphFailure(e).message };
  }

  if (n.kind === "SANDBOX")
    checks.webhook_verified = {
      passed: true,
      details: {
        verified_at: null,
        message: "The simulator delivers this number's webhooks to the app itself.",
      },
    };
  else {
    const last = await db().webhookEvent.findFirst({
      where: { OR: [{ phoneNumberId: n.id }, { wabaId: n.wabaId }], status: { not: "ORPHAN" } },
      orderBy: { receivedAt: "desc" },
      select: { receivedAt: true },
    });
    checks.webhook_verified = last
      ? {
          passed: true,
          details: {
            verified_at: last.receivedAt.toISOString(),
            message: "Signed webhooks from Meta arrive.",
          },
        }
      : {
          passed: false,
          details: {
            verified_at: null,
            message: "No signed webhook from Meta has arrived for this number yet.",
          },
        };
  }

  if (opts.testTo) {
    try {
      await graph(n, "POST", `${n.phoneNumberId}/messages`, {
        body: {
          messaging_product: "whatsapp",
          to: opts.testTo,
          type: "template",
          template: { name: "hello_world", language: { code: "en_US" } },
        },
        attempts: 1,
      });
      checks.test_message = { passed: true, details: { to: opts.testTo, template: "hello_world" } };
    } catch (e) {
      checks.test_message = { passed: false, error: graphFailure(e).message };
    }
  }
  return { checks, info };
}

/** Runs the check, stores it, and keeps the number's summary (healthy, quality, limit, name) current. */
export async function runHealthCheck(
  projectId: ProjectId,
  numberId: string,
  opts: { testTo?: string } = {},
): Promise<HealthReport> {
  const n = await projectNumber(projectId, numberId);
  if (!n) throw new AppError("not_found", "Number not found.");
  let checks: HealthChecks;
  let info: NumberInfo | undefined;
  let status: HealthReport["status"];
  try {
    ({ checks, info } = await check(n, opts));
    status = overallStatus(checks);
  } catch (e) {
    checks = { phone_number_access: { passed: false, error: (e as Error).message } };
    status = "error";
  }
  const access = checks.phone_number_access;
  const problem =
    status === "healthy"
      ? null
      : ((access && !access.passed ? access.error : null) ??
        Object.entries(checks).find(([, c]) => c && !c.passed)?.[1]?.error ??
        `Health: ${status}`);
  const row = await db().$transaction(async (tx) => {
    const saved = await tx.numberHealthCheck.create({
      data: { projectId, phoneNumberId: n.id, status, checks: checks as Prisma.InputJsonObject },
      select: { checkedAt: true },
    });
    await tx.phoneNumber.update({
      where: { id: n.id },
      data: {
        healthy: status === "healthy" || status === "degraded",
        healthError: problem ?? null,
        ...(info?.quality_rating ? { qualityRating: info.quality_rating } : {}),
        ...(info?.messaging_limit_tier ? { messagingLimitTier: info.messaging_limit_tier } : {}),
        ...(info?.throughput?.level ? { throughputLevel: info.throughput.level } : {}),
        ...(info?.verified_name ? { verifiedName: info.verified_name } : {}),
      },
    });
    await emit(tx, projectId, "whatsapp.phone_number.updated", {
      phoneNumberId: n.id,
      field: "health",
      event: status,
    });
    // Keep the last 50 checks of a number.
    const old = await tx.numberHealthCheck.findMany({
      where: { phoneNumberId: n.id },
      orderBy: { checkedAt: "desc" },
      skip: 50,
      select: { id: true },
    });
    if (old.length > 0)
      await tx.numberHealthCheck.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
    return saved;
  });
  forgetNumber(n.phoneNumberId);
  return { status, checked_at: row.checkedAt.toISOString(), checks };
}

/** Asks Meta to send the account's webhooks to the app again (the remedy of a failed subscription). */
export async function subscribeApp(projectId: ProjectId, numberId: string): Promise<void> {
  const n = await projectNumber(projectId, numberId);
  if (!n) throw new AppError("not_found", "Number not found.");
  await graph(n, "POST", `${n.wabaId}/subscribed_apps`, { attempts: 1 }).catch((e) => {
    throw new AppError("validation", `Meta refused: ${graphFailure(e).message}`);
  });
}

/** Every number, for the scheduled check. */
export async function allNumbers(): Promise<{ id: string; projectId: string }[]> {
  return db().phoneNumber.findMany({ select: { id: true, projectId: true } });
}
