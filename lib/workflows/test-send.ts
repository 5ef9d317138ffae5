import "@/lib/server-only";
import { z } from "zod";
import type { Actor, Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { sendOperatorTemplate } from "@/lib/inbox/mutations";

export const testTemplateSchema = z.object({
  projectId: z.string().min(1),
  phoneNumberId: z.string().min(1, "Choose a number first"),
  templateName: z.string().min(1, "Choose a template first"),
  language: z.string().min(2),
  parameters: z
    .array(
      z.object({
        type: z.string(),
        parameters: z.array(z.object({ text: z.string(), parameter_name: z.string().optional() })),
      }),
    )
    .default([]),
});

/** Variables have no values outside a run, so a test fills each one with a visible stand-in. */
export function sampleText(text: string): string {
  const filled = text.replace(
    /\{\{\s*([^}]+?)\s*\}\}|\$\{ENV:([^}]+)\}/g,
    (_, v: string, env: string) => `[${v ?? env}]`,
  );
  return filled.trim() || "[empty]";
}

/**
 * The send-template node's Test button: sends the template to the latest conversation on the chosen
 * sandbox number, so the result shows on the Sandbox phone. Live numbers are refused: a test must never
 * reach a real customer.
 */
export async function testSendTemplate(
  scope: Scope,
  actor: Actor,
  input: z.infer<typeof testTemplateSchema>,
) {
  const number = await db().phoneNumber.findFirst({
    where: { id: input.phoneNumberId, projectId: scope.projectId },
    select: { id: true, kind: true, displayPhoneNumber: true },
  });
  if (!number) throw new AppError("not_found", "That number is not in this project.");
  if (number.kind !== "SANDBOX")
    throw new AppError(
      "validation",
      "Test sends go to the sandbox only, never to real customers: pick a sandbox number to test.",
      { fields: { phoneNumberId: "Pick a sandbox number" } },
    );
  const conversation = await db().conversation.findFirst({
    where: { projectId: scope.projectId, phoneNumberId: number.id },
    orderBy: { lastMessageAt: "desc" },
    select: { id: true, contact: { select: { profileName: true, waId: true } } },
  });
  if (!conversation)
    throw new AppError(
      "validation",
      `Nobody has written to ${number.displayPhoneNumber} yet: open the Sandbox phone, send it a message, then test again.`,
    );
  const components = input.parameters
    .filter((c) => c.parameters.length > 0)
    .map((c) => ({
      type: c.type.toLowerCase(),
      parameters: c.parameters.map((p) => ({
        type: "text",
        text: sampleText(p.text),
        ...(p.parameter_name ? { parameter_name: p.parameter_name } : {}),
      })),
    }));
  await sendOperatorTemplate({ projectId: scope.projectId }, actor, {
    conversationId: conversation.id,
    name: input.templateName,
    language: input.language,
    components,
  });
  return { to: conversation.contact.profileName ?? conversation.contact.waId ?? "the sandbox customer" };
}
