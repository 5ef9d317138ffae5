import { randomBytes, randomInt } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/project-id";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { emit } from "@/lib/events/outbox";

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join("");

/**
 * A SANDBOX number: Meta-like ids, a display number in the 555-01xx range reserved for fiction, and
 * its own access token and app secret (encrypted like a live number's) that the simulator checks.
 */
export async function createSandboxNumber(
  tx: Prisma.TransactionClient,
  projectId: ProjectId | string,
  name = "Sandbox",
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
    } as Prisma.PhoneNumberUncheckedCreateInput,
    select: { id: true },
  });
  await emit(tx, projectId, "whatsapp.phone_number.created", { phoneNumberId: number.id, kind: "SANDBOX" });
  return number;
}
