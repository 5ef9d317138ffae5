import "@/lib/server-only";
import { audit } from "@/lib/audit/mutations";
import type { ProjectId } from "@/lib/auth/project-id";
import { type Actor, actorColumns, type Scope } from "@/lib/auth/scope";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { GraphError, graph } from "@/lib/meta/client";
import { type NumberWithSecrets, projectNumber } from "@/lib/numbers/credentials";
import { type BusinessProfile, checkProfile } from "./rules";

// A number's WhatsApp business profile lives at Meta (or in the simulator): read and saved through
// Graph, checked first with the same limits the editor shows; Meta's refusals come back in its words.

const FIELDS = "about,address,description,email,profile_picture_url,websites,vertical";

async function number(projectId: ProjectId, numberId: string): Promise<NumberWithSecrets> {
  const n = await projectNumber(projectId, numberId);
  if (!n) throw new AppError("not_found", "Number not found.");
  return n;
}

function plain(e: unknown): AppError {
  if (e instanceof GraphError) {
    const details = e.problem.details ?? e.problem.action;
    const field = /Param (\w+)/.exec(details)?.[1];
    return new AppError("validation", `WhatsApp refused the profile: ${details}`, {
      status: 422,
      ...(field ? { fields: { [field]: details } } : {}),
    });
  }
  return e instanceof AppError
    ? e
    : new AppError("unavailable", "Could not reach WhatsApp. Try again shortly.");
}

export async function readProfile(projectId: ProjectId, numberId: string): Promise<BusinessProfile> {
  const n = await number(projectId, numberId);
  const r = await graph<{ data?: Record<string, unknown>[] }>(
    n,
    "GET",
    `${n.phoneNumberId}/whatsapp_business_profile`,
    {
      query: { fields: FIELDS },
      attempts: 2,
      guarded: true,
    },
  ).catch((e) => {
    throw plain(e);
  });
  const p = r.data?.[0] ?? {};
  const s = (v: unknown) => (typeof v === "string" ? v : "");
  return {
    about: s(p.about),
    address: s(p.address),
    description: s(p.description),
    email: s(p.email),
    websites: Array.isArray(p.websites) ? p.websites.map(String) : [],
    vertical: s(p.vertical) || "UNDEFINED",
    profilePictureUrl: s(p.profile_picture_url) || null,
  };
}

export async function saveProfile(
  scope: Scope,
  actor: Actor,
  input: {
    numberId: string;
    about: string;
    address: string;
    description: string;
    email: string;
    websites: string[];
    vertical: string;
    photoHandle?: string;
  },
): Promise<{ success: true }> {
  const websites = input.websites.filter((w) => w.trim() !== "");
  const body = {
    about: input.about,
    address: input.address,
    description: input.description,
    email: input.email,
    websites,
    vertical: input.vertical,
  };
  const problems = checkProfile(body);
  if (problems.length > 0)
    throw new AppError("validation", problems[0]!.message, {
      fields: Object.fromEntries(problems.map((p) => [p.field, p.message])),
    });
  const n = await number(scope.projectId, input.numberId);
  await graph(n, "POST", `${n.phoneNumberId}/whatsapp_business_profile`, {
    body: {
      messaging_product: "whatsapp",
      ...body,
      ...(input.photoHandle ? { profile_picture_handle: input.photoHandle } : {}),
    },
    attempts: 1,
    guarded: true,
  }).catch((e) => {
    throw plain(e);
  });
  await db().$transaction((tx) =>
    audit(tx, scope.projectId, {
      ...actorColumns(actor),
      action: "number.profile_updated",
      targetType: "phone_number",
      targetId: n.id,
      data: { photo: !!input.photoHandle },
    }),
  );
  return { success: true };
}
