import { randomBytes, randomInt } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { emit } from "@/lib/events/outbox";

const STARTER_TEMPLATES = [
  {
    name: "hello_world",
    language: "en_US",
    category: "UTILITY",
    components: [
      { type: "HEADER", format: "TEXT", text: "Hello World" },
      {
        type: "BODY",
        text: "Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta.",
      },
      { type: "FOOTER", text: "WhatsApp Business Platform sample message" },
    ],
  },
  {
    name: "order_update",
    language: "en_US",
    category: "UTILITY",
    components: [
      {
        type: "BODY",
        text: "Hi {{1}}, your order {{2}} has shipped and should arrive soon.",
        example: { body_text: [["Ana", "#1042"]] },
      },
      { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Track order" }] },
    ],
  },
] satisfies Omit<Prisma.SandboxTemplateCreateManyInput, "id" | "wabaId" | "status">[];

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join("");

/**
 * A SANDBOX number: Meta-like ids, a display number in the 555-01xx range reserved for fiction, and
 * its own access token and app secret (encrypted like a live number's) that the simulator checks.
 */
export async function createSandboxNumber(
  tx: Prisma.TransactionClient,
  projectId: ProjectId | string,
  name = "Sandbox",
  customerId?: string,
): Promise<{ id: string }> {
  const key = env().ENCRYPTION_KEY;
  const local = digits(4);
  const number = await tx.phoneNumber.create({
    data: {
      projectId,
      kind: "SANDBOX",
      phoneNumberId: `1${digits(14)}`,
      wabaId: `2${digits(14)}`,
      displayPhoneNumber: `+1 555 01${local.slice(0, 2)} ${local}`,
      verifiedName: name,
      accessTokenEnc: encryptSecret(`SBX${randomBytes(24).toString("base64url")}`, key),
      appSecretEnc: encryptSecret(randomBytes(24).toString("hex"), key),
      qualityRating: "GREEN",
      messagingLimitTier: "TIER_1K",
      customerId: customerId ?? null,
    } as Prisma.PhoneNumberUncheckedCreateInput,
    select: { id: true, wabaId: true },
  });
  // Meta gives every new WhatsApp Business Account an approved `hello_world`; the sandbox adds one with
  // parameters so templates can be tried at once.
  const starters = STARTER_TEMPLATES.map((t) => ({ ...t, id: `9${digits(14)}` }));
  await tx.sandboxTemplate.createMany({
    data: starters.map((t) => ({ ...t, wabaId: number.wabaId, status: "APPROVED" })),
    skipDuplicates: true,
  });
  // Our copy of them, as a sync would store it: the inbox's template picker reads only the database.
  await tx.messageTemplate.createMany({
    data: starters.map(({ id, ...t }) => ({
      ...t,
      projectId,
      wabaId: number.wabaId,
      metaTemplateId: id,
      status: "APPROVED",
    })),
    skipDuplicates: true,
  });
  await emit(tx, projectId, "whatsapp.phone_number.created", {
    phoneNumberId: number.id,
    kind: "SANDBOX",
    ...(customerId ? { customerId } : {}),
  });
  return number;
}
