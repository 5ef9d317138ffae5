import { NumberField, SelectField, TextField } from "../fields";
import type { StepFormProps } from "./types";

const EFFORTS = [
  { value: "low", label: "Low" },
  { value: "minimal", label: "Minimal" },
  { value: "medium", label: "Medium" },
  { value: "high", label: "High" },
];

export function AgentForm({ f }: StepFormProps) {
  return (
    <>
      <TextField f={f} name="system_prompt" label="System prompt" multiline />
      <NumberField f={f} name="max_iterations" label="Max iterations" />
      <SelectField f={f} name="reasoning_effort" label="Reasoning effort" options={EFFORTS} />
    </>
  );
}
