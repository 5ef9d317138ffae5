import "@/lib/server-only";
import type { ProjectId } from "@/lib/auth/project-id";
import { db } from "@/lib/db/client";
import { listNumbers } from "@/lib/numbers/data";
import { validationContext } from "./data";

/** Read-only lookups the canvas needs beside the workflow itself (pickers, local validation). */

export interface BuilderNumberDto {
  id: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  verifiedName: string;
  wabaId: string;
  kind: string;
}

export interface BuilderTemplateDto {
  id: string;
  metaTemplateId: string;
  wabaId: string;
  name: string;
  language: string;
  category: string;
  status: string;
  /** Meta's components array (HEADER, BODY, FOOTER, BUTTONS). */
  components: unknown[];
}

export interface BuilderDataDto {
  numbers: BuilderNumberDto[];
  templates: BuilderTemplateDto[];
  workflows: { id: string; name: string }[];
  /** The project's call graph, for call-depth validation in the browser. */
  workflowCalls: [string, string[]][];
}

export async function loadBuilderData(projectId: ProjectId, workflowId: string): Promise<BuilderDataDto> {
  // Templates come from the database only: the templates.sync job keeps them fresh (lib/templates/jobs.ts).
  const [numbers, templates, workflows, ctx] = await Promise.all([
    listNumbers(projectId),
    db().messageTemplate.findMany({
      where: { projectId },
      select: {
        id: true,
        metaTemplateId: true,
        wabaId: true,
        name: true,
        language: true,
        category: true,
        status: true,
        components: true,
      },
      orderBy: [{ name: "asc" }, { language: "asc" }],
      take: 2000,
    }),
    db().workflow.findMany({
      where: { projectId, status: { not: "ARCHIVED" } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
      take: 1000,
    }),
    validationContext(projectId, workflowId),
  ]);
  return {
    numbers: numbers.map((n) => ({
      id: n.id,
      phoneNumberId: n.phoneNumberId,
      displayPhoneNumber: n.displayPhoneNumber,
      verifiedName: n.verifiedName,
      wabaId: n.wabaId,
      kind: n.kind,
    })),
    templates: templates.map((t) => ({
      ...t,
      components: Array.isArray(t.components) ? (t.components as unknown[]) : [],
    })),
    workflows,
    workflowCalls: [...(ctx.workflowCalls ?? new Map()).entries()],
  };
}
