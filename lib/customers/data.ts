import "@/lib/server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { ConnectionType } from "./schema";

export interface CustomerDto {
  id: string;
  name: string;
  externalId: string | null;
  numberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

const customerSelect = {
  id: true,
  name: true,
  externalId: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { phoneNumbers: true } },
} satisfies Prisma.CustomerSelect;

type CustomerRow = Prisma.CustomerGetPayload<{ select: typeof customerSelect }>;
const toDto = ({ _count, ...c }: CustomerRow): CustomerDto => ({ ...c, numberCount: _count.phoneNumbers });

/** The project's customers, most recent first; `search` matches the name or the external id. */
export async function listCustomers(
  projectId: ProjectId,
  opts: { search?: string; page?: number; perPage?: number } = {},
): Promise<{ items: CustomerDto[]; totalCount: number }> {
  const search = opts.search?.trim();
  const where: Prisma.CustomerWhereInput = {
    projectId,
    ...(search
      ? {
          OR: [
            { name: { contains: search, mode: "insensitive" } },
            { externalId: { contains: search, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const perPage = opts.perPage ?? 50;
  const page = opts.page ?? 1;
  const [rows, totalCount] = await Promise.all([
    db().customer.findMany({
      where,
      select: customerSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * perPage,
      take: perPage,
    }),
    db().customer.count({ where }),
  ]);
  return { items: rows.map(toDto), totalCount };
}

export async function getCustomer(projectId: ProjectId, customerId: string): Promise<CustomerDto> {
  const row = await db().customer.findFirst({ where: { id: customerId, projectId }, select: customerSelect });
  if (!row) throw new AppError("not_found", "Customer not found.");
  return toDto(row);
}

export type SetupLinkStatus = "active" | "used" | "expired" | "revoked";

export interface SetupLinkDto {
  id: string;
  customerId: string;
  status: SetupLinkStatus;
  tokenPrefix: string;
  successRedirectUrl: string | null;
  failureRedirectUrl: string | null;
  language: string;
  allowedConnectionTypes: ConnectionType[];
  primaryColor: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** The number connected through the link (our id), once used. */
  phoneNumberId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const setupLinkSelect = {
  id: true,
  customerId: true,
  tokenPrefix: true,
  successRedirectUrl: true,
  failureRedirectUrl: true,
  language: true,
  allowedConnectionTypes: true,
  primaryColor: true,
  expiresAt: true,
  usedAt: true,
  revokedAt: true,
  phoneNumberId: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SetupLinkSelect;

type SetupLinkRow = Prisma.SetupLinkGetPayload<{ select: typeof setupLinkSelect }>;

export function setupLinkStatus(
  r: Pick<SetupLinkRow, "usedAt" | "revokedAt" | "expiresAt">,
  now = new Date(),
): SetupLinkStatus {
  if (r.usedAt) return "used";
  if (r.revokedAt) return "revoked";
  if (r.expiresAt <= now) return "expired";
  return "active";
}

export function toSetupLinkDto(r: SetupLinkRow): SetupLinkDto {
  return {
    ...r,
    status: setupLinkStatus(r),
    allowedConnectionTypes: r.allowedConnectionTypes as ConnectionType[],
  };
}

export async function listSetupLinks(projectId: ProjectId, customerId: string): Promise<SetupLinkDto[]> {
  await getCustomer(projectId, customerId);
  const rows = await db().setupLink.findMany({
    where: { projectId, customerId },
    select: setupLinkSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
  });
  return rows.map(toSetupLinkDto);
}

export async function getSetupLink(projectId: ProjectId, setupLinkId: string): Promise<SetupLinkDto> {
  const row = await db().setupLink.findFirst({
    where: { id: setupLinkId, projectId },
    select: setupLinkSelect,
  });
  if (!row) throw new AppError("not_found", "Setup link not found.");
  return toSetupLinkDto(row);
}

export const hashSetupToken = (token: string) => createHash("sha256").update(token).digest("hex");
export const setupLinkUrl = (token: string) => `${env().APP_URL.replace(/\/$/, "")}/setup/${token}`;

export interface HostedSetupLink extends SetupLinkDto {
  projectId: ProjectId;
  customerName: string;
  projectName: string;
}

/** The hosted page's view of a token (no sign-in: the token is the credential), or null if unknown. */
export async function resolveSetupToken(token: string): Promise<HostedSetupLink | null> {
  if (!/^sbs_[A-Za-z0-9_-]{20,80}$/.test(token)) return null;
  const row = await db().setupLink.findUnique({
    where: { tokenHash: hashSetupToken(token) },
    select: {
      ...setupLinkSelect,
      projectId: true,
      customer: { select: { name: true, project: { select: { name: true } } } },
    },
  });
  if (!row) return null;
  const { customer, projectId, ...rest } = row;
  return {
    ...toSetupLinkDto(rest),
    projectId: projectId as ProjectId,
    customerName: customer.name,
    projectName: customer.project.name,
  };
}

export interface CustomerDetail extends CustomerDto {
  numbers: {
    id: string;
    phoneNumberId: string;
    displayPhoneNumber: string;
    verifiedName: string;
    kind: "LIVE" | "SANDBOX";
    wabaId: string;
  }[];
  conversations: {
    id: string;
    contactName: string | null;
    contactPhone: string | null;
    status: "ACTIVE" | "ENDED";
    lastMessageAt: Date | null;
    number: string;
  }[];
  conversationCount: number;
  embeds: { id: string; name: string; revoked: boolean; expiresAt: Date | null }[];
  setupLinks: SetupLinkDto[];
  /** The project's numbers that belong to no customer (what can be attached). */
  unattachedNumbers: { id: string; displayPhoneNumber: string; verifiedName: string }[];
}

/** Everything the customer's page shows. */
export async function getCustomerDetail(projectId: ProjectId, customerId: string): Promise<CustomerDetail> {
  const customer = await getCustomer(projectId, customerId);
  const numberWhere = { projectId, customerId };
  const [numbers, conversations, conversationCount, embeds, setupLinks, unattached] = await Promise.all([
    db().phoneNumber.findMany({
      where: numberWhere,
      select: {
        id: true,
        phoneNumberId: true,
        displayPhoneNumber: true,
        verifiedName: true,
        kind: true,
        wabaId: true,
      },
      orderBy: { createdAt: "asc" },
    }),
    db().conversation.findMany({
      where: { projectId, phoneNumber: { customerId } },
      select: {
        id: true,
        status: true,
        lastMessageAt: true,
        contact: { select: { profileName: true, displayName: true, waId: true } },
        phoneNumber: { select: { displayPhoneNumber: true } },
      },
      orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
      take: 10,
    }),
    db().conversation.count({ where: { projectId, phoneNumber: { customerId } } }),
    db().inboxEmbed.findMany({
      where: { projectId, scope: "CUSTOMER", customerId },
      select: { id: true, name: true, revokedAt: true, expiresAt: true },
      orderBy: { createdAt: "desc" },
    }),
    listSetupLinks(projectId, customerId),
    db().phoneNumber.findMany({
      where: { projectId, customerId: null },
      select: { id: true, displayPhoneNumber: true, verifiedName: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return {
    ...customer,
    numbers,
    conversations: conversations.map((c) => ({
      id: c.id,
      status: c.status,
      lastMessageAt: c.lastMessageAt,
      contactName: c.contact.displayName ?? c.contact.profileName,
      contactPhone: c.contact.waId,
      number: c.phoneNumber.displayPhoneNumber,
    })),
    conversationCount,
    embeds: embeds.map((e) => ({ id: e.id, name: e.name, revoked: !!e.revokedAt, expiresAt: e.expiresAt })),
    setupLinks,
    unattachedNumbers: unattached,
  };
}

/** A number as the customers API shows it. */
export async function getCustomerNumber(projectId: ProjectId, numberId: string) {
  const n = await db().phoneNumber.findFirst({
    where: { projectId, id: numberId },
    select: {
      id: true,
      phoneNumberId: true,
      wabaId: true,
      displayPhoneNumber: true,
      verifiedName: true,
      customerId: true,
      kind: true,
    },
  });
  if (!n) throw new AppError("not_found", "Number not found.");
  return {
    id: n.id,
    phone_number_id: n.phoneNumberId,
    business_account_id: n.wabaId,
    display_phone_number: n.displayPhoneNumber,
    verified_name: n.verifiedName,
    customer_id: n.customerId,
    is_sandbox: n.kind === "SANDBOX",
  };
}
