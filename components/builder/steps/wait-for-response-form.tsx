import { CheckField, NumberField, TextField } from "../fields";
import type { StepFormProps } from "./types";

export function WaitForResponseForm({ f }: StepFormProps) {
  return (
    <>
      <TextField
        f={f}
        name="save_response_to"
        label="Save reply to variable"
        vars={false}
        hint="Also available as {{last_user_input}}"
      />
      <CheckField f={f} name="has_timeout" label="Time out" />
      {!!f.config.has_timeout && (
        <NumberField f={f} name="timeout_seconds" label="Timeout (seconds)" hint="10 s to 7 days (604800)" />
      )}
    </>
  );
}
