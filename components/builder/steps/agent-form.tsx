import { NumberField, SelectField, TextField } from "../fields";
import type { StepFormProps } from "./types";

const EFFORTS = [
  { value: "low", label: "Low" },
  { value: "minimal", label: "Minimal" },
  { value: "medium", label: "Medium" },
  { value: "high", label: "High" },
];

const DELIVERY = [
  { value: "auto_send_assistant_text", label: "Send the agent's replies" },
  { value: "tool_only", label: "Only what it sends with its tool" },
];

export function AgentForm({ f }: StepFormProps) {
  return (
    <>
      <TextField f={f} name="system_prompt" label="System prompt" multiline />
      <TextField
        f={f}
        name="provider_model_name"
        label="Model (optional)"
        vars={false}
        hint="The provider's default model when empty"
      />
      <NumberField
        f={f}
        name="max_iterations"
        label="Max iterations"
        hint="Model calls per customer message"
      />
      <SelectField f={f} name="message_delivery_mode" label="Replies" options={DELIVERY} />
      <SelectField f={f} name="reasoning_effort" label="Reasoning effort" options={EFFORTS} />
    </>
  );
}
