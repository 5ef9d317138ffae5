import { SelectField, TextField } from "../fields";
import type { StepFormProps } from "./types";

const TYPES = [
  { value: "string", label: "Text" },
  { value: "number", label: "Number" },
  { value: "boolean", label: "True / false" },
  { value: "json", label: "JSON" },
];

export function SetVariableForm({ f }: StepFormProps) {
  return (
    <>
      <TextField f={f} name="variable_name" label="Variable name" vars={false} />
      <TextField f={f} name="variable_value" label="Value" />
      <SelectField f={f} name="value_type" label="Type" options={TYPES} />
    </>
  );
}
