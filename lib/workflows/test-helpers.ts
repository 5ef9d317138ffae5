import { expect } from "vitest";
import type { ProjectContext } from "@/lib/auth/project-id";
import type { Actor, Scope } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
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

/** A member's scope and actor, as the auth layer mints them; spread into a write: `createWorkflow(...a, input)`. */
export const callerOf = (ctx: ProjectContext): readonly [Scope, Actor] => [
  { projectId: ctx.projectId },
  { kind: "user", userId: ctx.user.id, role: ctx.role },
];

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
