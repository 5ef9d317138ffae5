import { TextField } from "../fields";
import type { StepFormProps } from "./types";

export function HandoffForm({ f }: StepFormProps) {
  return <TextField f={f} name="reason" label="Reason" multiline />;
}
