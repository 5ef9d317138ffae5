import type { z } from "zod";
import { NODE_TYPES, type NodeType, nodeTypeSchema, STEPS } from "./steps/registry";

// Graph-wide limits, and the per-kind config schemas as a map for callers that only need those. Each
// kind's knowledge lives in steps/<kind>.ts; this file only re-exports it.

export type { DecideCondition } from "./steps/decide";
export type { InteractiveButton } from "./steps/send-interactive";
export { BUTTON_TITLE_MAX, LIST_ROWS_MAX, LIST_SECTIONS_MAX, MAX_BUTTONS } from "./steps/send-interactive";
export type { TemplateComponentParams } from "./steps/send-template";
export { WAIT_TIMEOUT_MAX, WAIT_TIMEOUT_MIN } from "./steps/wait-for-response";
export { NODE_TYPES, type NodeType, nodeTypeSchema };

export const START_NODE_ID = "start";
export const MAX_NODES = 5000;
export const MAX_EDGES = 10000;

export const nodeConfigSchemas = Object.fromEntries(NODE_TYPES.map((t) => [t, STEPS[t].schema])) as Record<
  NodeType,
  z.ZodType<Record<string, unknown>>
>;
