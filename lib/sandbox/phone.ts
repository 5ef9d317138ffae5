import { type ProjectId, trustedProjectId } from "@/lib/auth/project-id";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { type NumberWithSecrets, projectNumber } from "@/lib/numbers/credentials";
import { phoneThread } from "./simulator";

export interface SandboxNumberOption {
  id: string;
  projectName: string;
  displayPhoneNumber: string;
  verifiedName: string;
}

/** Sandbox numbers of every project the signed-in user belongs to. */
export async function sandboxNumbersForUser(userId: string): Promise<SandboxNumberOption[]> {
  const rows = await db().phoneNumber.findMany({
    where: { kind: "SANDBOX", project: { memberships: { some: { userId } } } },
    select: { id: true, displayPhoneNumber: true, verifiedName: true, project: { select: { name: true } } },
    orderBy: [{ project: { name: "asc" } }, { createdAt: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    projectName: r.project.name,
    displayPhoneNumber: r.displayPhoneNumber,
    verifiedName: r.verifiedName,
  }));
}

/** A sandbox number the signed-in user may drive from the simulated phone. */
export async function authorizeSandboxNumber(numberId: string): Promise<NumberWithSecrets> {
  const user = await requireUser();
  const row = await db().phoneNumber.findFirst({
    where: { id: numberId, kind: "SANDBOX", project: { memberships: { some: { userId: user.id } } } },
    select: { id: true, projectId: true },
  });
  if (!row) throw new AppError("not_found", "Sandbox number not found in your projects.");
  const n = await projectNumber(trustedProjectId(row.projectId) as ProjectId, row.id);
  if (!n) throw new AppError("not_found", "Sandbox number not found in your projects.");
  return n;
}

/** The chat as the customer's phone shows it, with approved templates to render business messages. */
export async function phoneView(number: NumberWithSecrets, customerWaId: string) {
  const [messages, templates] = await Promise.all([
    phoneThread(number.phoneNumberId, customerWaId),
    db().sandboxTemplate.findMany({
      where: { wabaId: number.wabaId },
      select: { name: true, language: true, components: true },
    }),
  ]);
  return { number: { id: number.id, displayPhoneNumber: number.displayPhoneNumber }, messages, templates };
}
