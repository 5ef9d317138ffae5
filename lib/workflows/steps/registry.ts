import { z } from "zod";
import { agent } from "./agent";
import { call } from "./call";
import { decide } from "./decide";
import { emitEvent } from "./emit-event";
import { functionStep } from "./function";
import { handoff } from "./handoff";
import { sendInteractive } from "./send-interactive";
import { sendTemplate } from "./send-template";
import { sendText } from "./send-text";
import { setVariable } from "./set-variable";
import { start } from "./start";
import type { StepSpec } from "./types";
import { waitForResponse } from "./wait-for-response";
import { webhook } from "./webhook";

/**
 * Every step kind, in palette order. Adding a kind is a file in this folder, a line here and a form in
 * components/builder/steps (the client registry's test fails until both list the same kinds).
 */
export const STEPS = {
  start,
  send_text: sendText,
  send_template: sendTemplate,
  send_interactive: sendInteractive,
  wait_for_response: waitForResponse,
  set_variable: setVariable,
  decide,
  call,
  webhook,
  function: functionStep,
  agent,
  emit_event: emitEvent,
  handoff,
} as const satisfies Record<string, StepSpec>;

export type NodeType = keyof typeof STEPS;
export const NODE_TYPES = Object.keys(STEPS) as NodeType[];
export const nodeTypeSchema = z.enum(NODE_TYPES as [NodeType, ...NodeType[]]);
export const ADDABLE_TYPES = NODE_TYPES.filter((t) => STEPS[t].addable);

export function stepOf(kind: NodeType): StepSpec {
  return STEPS[kind];
}
