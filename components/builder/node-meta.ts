import type { LucideIcon } from "lucide-react";
import { NODE_TYPES, type NodeType, STEPS } from "@/lib/workflows/steps/registry";
import type { StepConfig, SummaryLookups } from "@/lib/workflows/steps/types";
import { CATEGORY_TONE, STEP_UI } from "./steps/registry";

/** What the canvas, palette and inspector show for a kind: the lib registry plus the client one. */
export const NODE_META = Object.fromEntries(
  NODE_TYPES.map((t) => [
    t,
    {
      icon: STEP_UI[t].icon,
      tone: CATEGORY_TONE[STEPS[t].category],
      hint: STEPS[t].hint,
      label: STEPS[t].label,
    },
  ]),
) as Record<NodeType, { icon: LucideIcon; tone: string; hint: string; label: string }>;

/** One line of the node's key config, shown on the canvas. */
export function nodeSummary(type: NodeType, config: StepConfig, lookups: SummaryLookups = {}): string {
  return STEPS[type].summary(config, lookups);
}
