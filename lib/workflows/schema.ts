import { z } from "zod";
import { workflowDefinitionSchema } from "./definition";

// Inputs of the workflow server actions. Every one names its project; the action checks the caller's
// role in it before anything else, and the data layer scopes every query by the authorized id.

const projectId = z.string().min(1);
const id = (what: string) => z.string().min(1, `${what} is required`).max(100);

export const WORKFLOW_STATUSES = ["DRAFT", "ACTIVE", "ARCHIVED"] as const;
export const workflowStatusSchema = z.enum(WORKFLOW_STATUSES, {
  message: "Status must be draft, active or archived",
});
export type WorkflowStatus = z.infer<typeof workflowStatusSchema>;

const name = z
  .string()
  .trim()
  .min(1, "Give the workflow a name")
  .max(100, "Name can be at most 100 characters");
const description = z.string().trim().max(500, "Description can be at most 500 characters");

export const listWorkflowsSchema = z.object({
  projectId,
  search: z.string().trim().max(100).optional(),
  /** Omitted: drafts and active ones (archived workflows are hidden unless asked for). */
  status: z.enum([...WORKFLOW_STATUSES, "ALL"]).optional(),
});
export type ListWorkflowsInput = z.infer<typeof listWorkflowsSchema>;

export const workflowRefSchema = z.object({ projectId, workflowId: id("workflowId") });

export const createWorkflowSchema = z.object({
  projectId,
  name,
  description: description.optional().default(""),
  /** Omitted: a graph with only the start node. */
  definition: workflowDefinitionSchema.optional(),
});
export type CreateWorkflowInput = z.infer<typeof createWorkflowSchema>;

export const updateWorkflowDetailsSchema = z
  .object({
    projectId,
    workflowId: id("workflowId"),
    name: name.optional(),
    description: description.optional(),
  })
  .refine((v) => v.name !== undefined || v.description !== undefined, {
    message: "Nothing to change: send a name or a description",
    path: ["name"],
  });

export const duplicateWorkflowSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  /** Omitted: "<name> (copy)". */
  name: name.optional(),
});

export const archiveWorkflowSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  archived: z.boolean(),
});

export const saveDefinitionSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  definition: workflowDefinitionSchema,
  /** The version the editor loaded or last saved; a save based on an older one is a conflict. */
  expectedVersion: z.number().int().min(1),
  /** Save even when someone else saved in between (the user chose "overwrite" after a conflict). */
  overwrite: z.boolean().optional().default(false),
});
export type SaveDefinitionInput = z.infer<typeof saveDefinitionSchema>;

export const versionRefSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  version: z.number().int().min(1),
});

export const listVersionsSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  /** Page backwards: versions older than this one. */
  before: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(100).optional().default(50),
});

export const restoreVersionSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  version: z.number().int().min(1),
  /** Optional guard: refuse when the workflow moved on since the history was shown. */
  expectedVersion: z.number().int().min(1).optional(),
});

export const promotionRefSchema = z
  .object({ projectId, sourceId: id("sourceId"), targetId: id("targetId") })
  .refine((v) => v.sourceId !== v.targetId, {
    message: "Pick a different workflow to promote to",
    path: ["targetId"],
  });

export const promoteSchema = z
  .object({
    projectId,
    sourceId: id("sourceId"),
    targetId: id("targetId"),
    /** The target version the diff was computed against: a change since then is a conflict. */
    expectedTargetVersion: z.number().int().min(1),
  })
  .refine((v) => v.sourceId !== v.targetId, {
    message: "Pick a different workflow to promote to",
    path: ["targetId"],
  });

export const setStatusSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  /** ACTIVE activates (refused with the problem list when validation finds errors); DRAFT deactivates. */
  status: z.enum(["ACTIVE", "DRAFT"], { message: "Status must be active or draft" }),
});

// ---- triggers ----

/** The seed's event list (seeds/002 triggers). */
export const TRIGGER_EVENTS = [
  "whatsapp.message.received",
  "whatsapp.message.sent",
  "whatsapp.message.delivered",
  "whatsapp.message.read",
  "whatsapp.message.failed",
  "whatsapp.conversation.created",
  "whatsapp.conversation.ended",
] as const;
export const triggerEventSchema = z.enum(TRIGGER_EVENTS, {
  message: `Event must be one of ${TRIGGER_EVENTS.join(", ")}`,
});

export const TRIGGER_TYPES = ["INBOUND_MESSAGE", "WHATSAPP_EVENT", "API_CALL"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** A trigger's own fields, without the project/workflow it belongs to (shared with the Platform API). */
export const triggerFieldsSchema = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("INBOUND_MESSAGE"),
      /** Our PhoneNumber id. */
      phoneNumberId: id("phoneNumberId"),
      active: z.boolean().optional().default(true),
    }),
    z.object({
      type: z.literal("WHATSAPP_EVENT"),
      eventType: triggerEventSchema,
      /** Null or omitted: any number of the project. */
      phoneNumberId: id("phoneNumberId").nullish(),
      active: z.boolean().optional().default(true),
    }),
    z.object({ type: z.literal("API_CALL"), active: z.boolean().optional().default(true) }),
  ],
  { error: "type must be INBOUND_MESSAGE, WHATSAPP_EVENT or API_CALL" },
);
export type TriggerFields = z.infer<typeof triggerFieldsSchema>;

export const createTriggerSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  trigger: triggerFieldsSchema,
});

export const triggerRefSchema = z.object({ projectId, triggerId: id("triggerId") });
export const setTriggerActiveSchema = z.object({
  projectId,
  triggerId: id("triggerId"),
  active: z.boolean(),
});

// ---- environment variables ----

export const ENVIRONMENTS = ["development", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Referenced as ${ENV:KEY} in node config. */
export const envKeySchema = z
  .string()
  .trim()
  .min(1, "Give the variable a key")
  .max(100, "Key can be at most 100 characters")
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    "Key may contain letters, digits and _, and must not start with a digit",
  );
const envValue = z.string().max(10_000, "Value can be at most 10,000 characters");

export const listEnvSchema = z.object({ projectId, workflowId: id("workflowId").optional() });

export const createEnvSchema = z.object({
  projectId,
  /** Omitted or null: a project-level variable. */
  workflowId: id("workflowId").nullish(),
  key: envKeySchema,
  developmentValue: envValue.optional().default(""),
  productionValue: envValue.optional().default(""),
  secret: z.boolean().optional().default(false),
});
export type CreateEnvInput = z.infer<typeof createEnvSchema>;

export const updateEnvSchema = z.object({
  projectId,
  variableId: id("variableId"),
  /** Omitted: keep the stored value (the UI never has a secret's value to send back). */
  developmentValue: envValue.optional(),
  productionValue: envValue.optional(),
  /** Only false → true is allowed: un-hiding a secret would reveal it. */
  secret: z.boolean().optional(),
});
export type UpdateEnvInput = z.infer<typeof updateEnvSchema>;

export const envRefSchema = z.object({ projectId, variableId: id("variableId") });

export const effectiveEnvSchema = z.object({
  projectId,
  workflowId: id("workflowId"),
  environment: z.enum(ENVIRONMENTS).optional().default("development"),
});
