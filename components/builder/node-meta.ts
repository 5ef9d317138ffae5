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
  MessageSquareText,
  Play,
  SquareFunction,
  Workflow,
} from "lucide-react";
import type { NodeType } from "@/lib/workflows/node-configs";

export const NODE_META: Record<NodeType, { icon: LucideIcon; tone: string; hint: string }> = {
  start: { icon: Play, tone: "text-emerald-600 dark:text-emerald-400", hint: "Where every run begins" },
  send_text: { icon: MessageSquareText, tone: "text-sky-600 dark:text-sky-400", hint: "Send a text message" },
  send_template: {
    icon: FileText,
    tone: "text-sky-600 dark:text-sky-400",
    hint: "Send an approved template",
  },
  send_interactive: {
    icon: LayoutList,
    tone: "text-sky-600 dark:text-sky-400",
    hint: "Buttons, lists, links",
  },
  wait_for_response: {
    icon: Hourglass,
    tone: "text-amber-600 dark:text-amber-400",
    hint: "Pause until they reply",
  },
  set_variable: { icon: Braces, tone: "text-violet-600 dark:text-violet-400", hint: "Store a value in vars" },
  decide: { icon: GitBranch, tone: "text-violet-600 dark:text-violet-400", hint: "Branch on conditions" },
  call: { icon: Workflow, tone: "text-violet-600 dark:text-violet-400", hint: "Run another workflow" },
  webhook: { icon: Globe, tone: "text-rose-600 dark:text-rose-400", hint: "Call an HTTP endpoint" },
  function: { icon: SquareFunction, tone: "text-rose-600 dark:text-rose-400", hint: "Run a function" },
  agent: { icon: Bot, tone: "text-rose-600 dark:text-rose-400", hint: "Let an AI agent converse" },
  handoff: { icon: Hand, tone: "text-orange-600 dark:text-orange-400", hint: "Hand over to a person" },
};

const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** One line of the node's key config, shown on the canvas. */
export function nodeSummary(type: NodeType, config: Record<string, unknown>, templateName?: string): string {
  switch (type) {
    case "start":
      return "Trigger fires";
    case "send_text":
      return clip(str(config.message)) || "No message yet";
    case "send_template":
      return templateName ? `Template ${templateName}` : "No template chosen";
    case "send_interactive":
      return clip(str(config.body_text)) || `${str(config.interactive_type) || "interactive"} message`;
    case "wait_for_response": {
      const t =
        typeof config.timeout_seconds === "number" && config.has_timeout
          ? ` · timeout ${config.timeout_seconds}s`
          : "";
      return `${str(config.save_response_to) ? `→ vars.${str(config.save_response_to)}` : "Waits for a reply"}${t}`;
    }
    case "set_variable":
      return str(config.variable_name)
        ? `vars.${str(config.variable_name)} = ${clip(str(config.variable_value), 40)}`
        : "No variable yet";
    case "decide":
      return `${str(config.decision_type) === "function" ? "Function" : "AI"} decides`;
    case "call":
      return str(config.workflow_name) || str(config.workflow_id) || "No workflow chosen";
    case "webhook":
      return str(config.url) ? `${str(config.method) || "POST"} ${clip(str(config.url), 60)}` : "No URL yet";
    case "function":
      return str(config.function_id) || "No function chosen";
    case "agent":
      return clip(str(config.system_prompt)) || "No prompt yet";
    case "handoff":
      return clip(str(config.reason)) || "Hand over to a person";
  }
}
