import type { ProjectId } from "@/lib/auth/session";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { CreateNumberInput } from "./schema";

/** Stores a number; Meta credentials are sealed with ENCRYPTION_KEY before they reach the database. */
export async function createNumber(projectId: ProjectId, input: CreateNumberInput): Promise<{ id: string }> {
  const key = env().ENCRYPTION_KEY;
  return db().phoneNumber.create({
    data: {
      projectId,
      kind: input.kind,
      phoneNumberId: input.phoneNumberId,
      wabaId: input.wabaId,
      displayPhoneNumber: input.displayPhoneNumber,
      verifiedName: input.verifiedName,
      customerId: input.customerId,
      accessTokenEnc: input.accessToken ? encryptSecret(input.accessToken, key) : null,
      appSecretEnc: input.appSecret ? encryptSecret(input.appSecret, key) : null,
    },
    select: { id: true },
  });
}
