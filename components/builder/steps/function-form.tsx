import { TextField } from "../fields";
import type { StepFormProps } from "./types";

export function FunctionForm({ f }: StepFormProps) {
  return (
    <>
      <TextField f={f} name="function_id" label="Function ID" vars={false} />
      <TextField f={f} name="save_response_to" label="Save result to variable" vars={false} />
    </>
  );
}
