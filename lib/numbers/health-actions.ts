"use server";

import { revalidatePath } from "next/cache";
import type { ProjectId } from "@/lib/auth/project-id";
import { defineAction } from "@/lib/http/define-action";
import { runHealthCheck, subscribeApp } from "./health-mutations";
import { healthCheckSchema } from "./schema";

export const runHealthCheckAction = defineAction(
  { name: "runHealthCheck", minRole: "ADMIN", input: healthCheckSchema },
  async ({ numberId, testTo }, ctx) => {
    const r = await runHealthCheck(ctx.scope.projectId as ProjectId, numberId, {
      testTo: testTo || undefined,
    });
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
    return r;
  },
);

export const subscribeAppAction = defineAction(
  { name: "subscribeApp", minRole: "ADMIN", input: healthCheckSchema },
  async ({ numberId }, ctx) => {
    await subscribeApp(ctx.scope.projectId as ProjectId, numberId);
    const r = await runHealthCheck(ctx.scope.projectId as ProjectId, numberId);
    revalidatePath(`/p/${ctx.project.slug}/numbers`);
    return r;
  },
);
