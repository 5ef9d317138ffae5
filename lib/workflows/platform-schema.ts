import { z } from "zod";
import type { WorkflowDetailDto, WorkflowSummaryDto } from "./data";
import { workflowDefinitionSchema } from "./definition";
import { TRIGGER_EVENTS } from "./schema";
import type { TriggerDto } from "./triggers";

// Kapso shapes for /platform/v1/workflows (kapso-spec §3.6, §3.7, §6.2): snake_case fields, lower-case
// statuses, Meta's phone_number_id, bodies accepted bare or in a `workflow` / `flow` / `trigger` envelope.

const lower = (s: string) => s.toLowerCase();

export function workflowJson(w: WorkflowSummaryDto | WorkflowDetailDto) {
  return {
    id: w.id,
    name: w.name,
    description: w.description,
    status: lower(w.status),
    lock_version: w.version,
    // The lock_version an active workflow runs (pinned at activation); null when it is not active.
    published_version: w.publishedVersion,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
    ...("definition" in w ? { definition: w.definition } : {}),
  };
}

export function triggerJson(t: TriggerDto) {
  const phone = t.phoneNumber?.phoneNumberId ?? null;
  return {
    id: t.id,
    workflow_id: t.workflowId,
    trigger_type: lower(t.type),
    active: t.active,
    phone_number_id: phone,
    event: t.eventType,
    // Some Kapso clients read the trigger's target from `triggerable`.
    triggerable:
      t.type === "API_CALL" ? {} : { phone_number_id: phone, ...(t.eventType ? { event: t.eventType } : {}) },
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

/** Accepts `{ workflow: {...} }`, `{ flow: {...} }` or the fields bare, and reports paths as sent. */
function envelope<T extends z.ZodType>(key: string, alt: string | null, inner: T) {
  const wrapped = z.object({ [key]: inner });
  return z.unknown().transform((raw, ctx) => {
    const body = (raw ?? {}) as Record<string, unknown>;
    const k = key in body ? key : alt && alt in body ? alt : null;
    const r = k ? wrapped.safeParse({ [key]: body[k] }) : inner.safeParse(body);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const path = k ? [k, ...issue.path.slice(1)] : issue.path;
        // Name each unexpected field, so a 422 says which one was refused.
        if (issue.code === "unrecognized_keys") {
          for (const key of issue.keys)
            ctx.addIssue({ code: "custom", message: issue.message, path: [...path, key] });
        } else ctx.addIssue({ code: "custom", message: issue.message, path });
      }
      return z.NEVER;
    }
    return (k ? (r.data as Record<string, unknown>)[key] : r.data) as z.infer<T>;
  });
}

/**
 * Kapso edges carry no id (`{ source, target, label }`); the stored schema wants one, so a missing id is
 * filled in from the edge's position before validation.
 */
const withEdgeIds = (raw: unknown) => {
  if (!raw || typeof raw !== "object" || !Array.isArray((raw as { edges?: unknown }).edges)) return raw;
  const def = raw as { edges: unknown[] };
  const taken = new Set(
    def.edges
      .map((e) => (e && typeof e === "object" ? (e as { id?: unknown }).id : undefined))
      .filter(Boolean),
  );
  let n = 0;
  const fresh = () => {
    let id: string;
    do id = `edge_${++n}`;
    while (taken.has(id));
    return id;
  };
  return {
    ...def,
    edges: def.edges.map((e) =>
      e && typeof e === "object" && !(e as { id?: unknown }).id ? { ...(e as object), id: fresh() } : e,
    ),
  };
};
const apiDefinition = z.preprocess(withEdgeIds, workflowDefinitionSchema);

// "paused" is Kapso's third status; here a workflow that does not run is a draft.
const apiStatus = z
  .enum(["draft", "active", "archived", "paused"], { message: "status must be draft, active or archived" })
  .transform((s) => (s === "paused" ? "DRAFT" : (s.toUpperCase() as "DRAFT" | "ACTIVE" | "ARCHIVED")));

const name = z.string().trim().min(1, "name is required").max(100, "name can be at most 100 characters");
const description = z.string().trim().max(500, "description can be at most 500 characters");

export const createWorkflowBody = envelope(
  "workflow",
  "flow",
  z.object({
    name,
    description: description.optional().default(""),
    definition: apiDefinition.optional(),
    status: apiStatus.optional(),
  }),
);

export const updateWorkflowBody = envelope(
  "workflow",
  "flow",
  z
    .object({
      name: name.optional(),
      description: description.optional(),
      definition: apiDefinition.optional(),
      status: apiStatus.optional(),
      // Accepted like Kapso does; when sent it must match, so a stale client cannot silently overwrite.
      lock_version: z.number().int().min(1).optional(),
    })
    .refine((v) => Object.values(v).some((x) => x !== undefined), {
      message: "Nothing to update: send name, description, definition or status",
    }),
);

export const listWorkflowsQuery = z.object({
  page: z.coerce.number().int().min(1).optional().default(1),
  per_page: z.coerce.number().int().min(1).max(100).optional().default(20),
  status: z.enum(["draft", "active", "archived"]).optional(),
  name: z.string().trim().max(100).optional(),
});

export const createTriggerBody = envelope(
  "trigger",
  null,
  z.discriminatedUnion(
    "trigger_type",
    [
      z.object({
        trigger_type: z.literal("inbound_message"),
        phone_number_id: z
          .string({ error: "phone_number_id is required" })
          .min(1, "phone_number_id is required"),
        active: z.boolean().optional().default(true),
      }),
      z.object({
        trigger_type: z.literal("whatsapp_event"),
        event: z.enum(TRIGGER_EVENTS, { message: `event must be one of ${TRIGGER_EVENTS.join(", ")}` }),
        phone_number_id: z.string().min(1).nullish(),
        active: z.boolean().optional().default(true),
      }),
      z.object({ trigger_type: z.literal("api_call"), active: z.boolean().optional().default(true) }),
    ],
    { error: "trigger_type must be inbound_message, whatsapp_event or api_call" },
  ),
);

/** PATCH changes `active` and nothing else: any other field is a 422 naming it. */
export const updateTriggerBody = envelope(
  "trigger",
  null,
  z.strictObject(
    { active: z.boolean({ error: "active must be true or false" }) },
    { error: (issue) => (issue.code === "unrecognized_keys" ? "Only active can be changed" : undefined) },
  ),
);
