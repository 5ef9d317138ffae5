import type { Prisma } from "@/generated/prisma/client";
import type { ProjectId } from "@/lib/auth/session";

type Tx = Prisma.TransactionClient;

/** Records who did what, inside the same transaction as the change. */
export async function audit(
  tx: Tx,
  projectId: ProjectId,
  entry: {
    actorUserId?: string;
    actorApiKeyId?: string;
    action: string;
    targetType: string;
    targetId?: string;
    data?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.auditLog.create({ data: { projectId, ...entry, data: entry.data ?? {} } });
}
