import { NumberField, TextField } from "../fields";
import type { StepFormProps } from "./types";

export function SendTextForm({ f }: StepFormProps) {
  return (
    <>
      <TextField f={f} name="message" label="Message" multiline />
      <NumberField f={f} name="delay_seconds" label="Delay (seconds)" />
    </>
  );
}
