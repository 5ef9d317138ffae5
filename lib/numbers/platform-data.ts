import "@/lib/server-only";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Numbers in Kapso's Platform API shape (research/kapso-spec.md §5.2).

const SELECT = {
  id: true,
  phoneNumberId: true,
  wabaId: true,
  displayPhoneNumber: true,
  verifiedName: true,
  kind: true,
  healthy: true,
  qualityRating: true,
  messagingLimitTier: true,
  throughputLevel: true,
  customerId: true,
  createdAt: true,
  updatedAt: true,
} as const;

type Row = {
  id: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  kind: "LIVE" | "SANDBOX";
  healthy: boolean;
  qualityRating: string | null;
  messagingLimitTier: string | null;
  throughputLevel: string | null;
  customerId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

async function enrich(projectId: ProjectId, rows: Row[]) {
  const ids = rows.map((r) => r.id);
  const [health, names] = await Promise.all([
    db().numberHealthCheck.findMany({
      where: { projectId, phoneNumberId: { in: ids } },
      orderBy: { checkedAt: "desc" },
      distinct: ["phoneNumberId"],
      select: { phoneNumberId: true, status: true, checks: true },
    }),
    db().displayNameRequest.findMany({
      where: { projectId, phoneNumberId: { in: ids } },
      orderBy: { submittedAt: "desc" },
      distinct: ["phoneNumberId"],
      select: { phoneNumberId: true, status: true },
    }),
  ]);
  const h = new Map(health.map((x) => [x.phoneNumberId, x]));
  const nm = new Map(names.map((x) => [x.phoneNumberId, x.status]));
  return rows.map((r) => {
    const check = h.get(r.id);
    const access = (
      check?.checks as { phone_number_access?: { details?: { throughput_tier?: string } } } | undefined
    )?.phone_number_access;
    return {
      id: r.id,
      phone_number_id: r.phoneNumberId,
      business_account_id: r.wabaId,
      name: r.verifiedName || null,
      display_name: r.verifiedName || null,
      display_phone_number: r.displayPhoneNumber,
      display_phone_number_normalized: r.displayPhoneNumber.replace(/\D/g, ""),
      verified_name: r.verifiedName || null,
      quality_rating: r.qualityRating,
      throughput_tier: r.throughputLevel ?? access?.details?.throughput_tier ?? null,
      whatsapp_business_manager_messaging_limit: r.messagingLimitTier,
      customer_id: r.customerId,
      status: r.healthy ? "CONNECTED" : "DISCONNECTED",
      health_status: check?.status ?? null,
      name_status: nm.get(r.id) ?? null,
      is_sandbox: r.kind === "SANDBOX",
      created_at: r.createdAt.toISOString(),
      updated_at: r.updatedAt.toISOString(),
    };
  });
}

export type PlatformNumber = Awaited<ReturnType<typeof enrich>>[number];

export async function listPlatformNumbers(projectId: ProjectId, f: { customerId?: string }) {
  const rows = await db().phoneNumber.findMany({
    where: { projectId, ...(f.customerId ? { customerId: f.customerId } : {}) },
    orderBy: { createdAt: "asc" },
    select: SELECT,
  });
  return enrich(projectId, rows);
}

/** A number by our id or by Meta's phone_number_id, in the project only (another project's is a 404). */
export async function platformNumberRow(projectId: ProjectId, idOrMetaId: string) {
  const row = await db().phoneNumber.findFirst({
    where: { projectId, OR: [{ id: idOrMetaId }, { phoneNumberId: idOrMetaId }] },
    select: SELECT,
  });
  if (!row) throw new AppError("not_found", "Phone number not found.");
  return row;
}

export async function getPlatformNumber(projectId: ProjectId, idOrMetaId: string) {
  const row = await platformNumberRow(projectId, idOrMetaId);
  return (await enrich(projectId, [row]))[0]!;
}
