import {
  Bot,
  Braces,
  FileText,
  GitBranch,
  Globe,
  Hand,
  Hourglass,
  LayoutList,
  type LucideIcon,
  Megaphone,
  MessageSquareText,
  Play,
  SquareFunction,
  Workflow,
} from "lucide-react";
import type { NodeType } from "@/lib/workflows/steps/registry";
import type { StepCategory } from "@/lib/workflows/steps/types";
import { AgentForm } from "./agent-form";
import { CallForm } from "./call-form";
import { DecideForm } from "./decide-form";
import { EmitEventForm } from "./emit-event-form";
import { FunctionForm } from "./function-form";
import { HandoffForm } from "./handoff-form";
import { SendInteractiveForm } from "./send-interactive-form";
import { SendTemplateForm } from "./send-template-form";
import { SendTextForm } from "./send-text-form";
import { SetVariableForm } from "./set-variable-form";
import { StartForm } from "./start-form";
import type { StepForm } from "./types";
import { WaitForResponseForm } from "./wait-for-response-form";
import { WebhookForm } from "./webhook-form";

/**
 * The client half of the step registry (lib/workflows/steps/registry.ts): per kind, its icon and its
 * inspector form. Everything else about a kind (label, schema, outputs, summary) comes from lib.
 */
export const STEP_UI: Record<NodeType, { icon: LucideIcon; Form: StepForm }> = {
  start: { icon: Play, Form: StartForm },
  send_text: { icon: MessageSquareText, Form: SendTextForm },
  send_template: { icon: FileText, Form: SendTemplateForm },
  send_interactive: { icon: LayoutList, Form: SendInteractiveForm },
  wait_for_response: { icon: Hourglass, Form: WaitForResponseForm },
  set_variable: { icon: Braces, Form: SetVariableForm },
  decide: { icon: GitBranch, Form: DecideForm },
  call: { icon: Workflow, Form: CallForm },
  webhook: { icon: Globe, Form: WebhookForm },
  function: { icon: SquareFunction, Form: FunctionForm },
  agent: { icon: Bot, Form: AgentForm },
  emit_event: { icon: Megaphone, Form: EmitEventForm },
  handoff: { icon: Hand, Form: HandoffForm },
};

export const CATEGORY_TONE: Record<StepCategory, string> = {
  start: "text-emerald-600 dark:text-emerald-400",
  message: "text-sky-600 dark:text-sky-400",
  wait: "text-amber-600 dark:text-amber-400",
  logic: "text-violet-600 dark:text-violet-400",
  integration: "text-rose-600 dark:text-rose-400",
  handoff: "text-orange-600 dark:text-orange-400",
};
