import { expect } from "vitest";
import type { ProjectContext } from "@/lib/auth/project-id";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import type { WorkflowDefinition, WorkflowNode } from "./definition";

// Shared by the workflow integration tests (a plain module, so importing it registers no tests).

export async function rejects(p: Promise<unknown>, code: string, message?: RegExp): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).code).toBe(code);
  if (message) expect((e as AppError).message).toMatch(message);
  return e as AppError;
}

export const actorOf = (ctx: ProjectContext): Actor => ({ projectId: ctx.projectId, userId: ctx.user.id });

export const node = (id: string, nodeType: WorkflowNode["data"]["node_type"], config = {}): WorkflowNode => ({
  id,
  type: "flow-node",
  position: { x: 0, y: 0 },
  data: { node_type: nodeType, display_name: id, config },
});

/** start → send_text(message), valid as it stands. */
export const textFlow = (message: string): WorkflowDefinition => ({
  nodes: [node("start", "start"), node("greet", "send_text", { message })],
  edges: [{ id: "e1", source: "start", target: "greet", label: "next" }],
});
