"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { liveExecutionOfConversation } from "./execution-data";
import { changeExecutionStatus, resumeExecution } from "./parked-mutations";

// Operators steering an execution from the executions page or the inbox (ADMIN and OWNER, as Kapso's
// jump-to-node and status controls are).

const ref = z.object({ projectId: z.string().min(1), executionId: z.string().min(1).max(64) });

export const changeExecutionStatusAction = defineAction(
  {
    name: "changeExecutionStatus",
    minRole: "ADMIN",
    input: ref.extend({
      status: z.enum(["ended", "handoff", "waiting"], {
        message: "Status must be ended, handoff or waiting",
      }),
    }),
  },
  async ({ executionId, status }, ctx) => {
    await changeExecutionStatus(ctx.projectId, executionId, status, {
      userId: ctx.actor.kind === "user" ? ctx.actor.userId : null,
    });
    revalidatePath(`/p/${ctx.project.slug}`, "layout");
    return { status };
  },
);

export const resumeExecutionAction = defineAction(
  {
    name: "resumeExecution",
    minRole: "ADMIN",
    input: ref.extend({ message: z.string().max(4096).optional() }),
  },
  async ({ executionId, message }, ctx) => {
    await resumeExecution(ctx.projectId, executionId, { text: message });
    revalidatePath(`/p/${ctx.project.slug}`, "layout");
    return { ok: true };
  },
);

/** The conversation's newest execution, for the inbox thread's banner (which workflow is talking). */
export const conversationExecutionAction = defineAction(
  {
    name: "conversationExecution",
    minRole: "MEMBER",
    input: z.object({ projectId: z.string().min(1), conversationId: z.string().min(1).max(64) }),
  },
  async ({ conversationId }, ctx) => {
    const x = await liveExecutionOfConversation(ctx.projectId, conversationId);
    if (!x) return null;
    return {
      id: x.id,
      workflowId: x.workflow_id,
      workflowName: x.workflow_name,
      status: x.status,
      step: x.current_step ? (x.current_step.display_name ?? x.current_step.id) : null,
      error: x.status === "failed" ? String(x.error?.message ?? "") : null,
    };
  },
);
