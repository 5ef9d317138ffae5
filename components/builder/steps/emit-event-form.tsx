import { JsonField, TextField } from "../fields";
import type { StepFormProps } from "./types";

export function EmitEventForm({ f }: StepFormProps) {
  return (
    <>
      <TextField f={f} name="event_name" label="Event name" vars={false} hint="e.g. order.shipped" />
      <JsonField
        f={f}
        name="properties"
        label="Properties"
        hint="A JSON object (up to 25); string values may use {{vars.x}}"
      />
      <TextField f={f} name="occurred_at" label="Occurred at (optional)" hint="ISO 8601; now when empty" />
    </>
  );
}
