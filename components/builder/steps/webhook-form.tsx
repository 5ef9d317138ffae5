import { HTTP_METHODS } from "@/lib/workflows/steps/webhook";
import { SelectField, TextField } from "../fields";
import type { StepFormProps } from "./types";

export function WebhookForm({ f }: StepFormProps) {
  return (
    <>
      <SelectField f={f} name="method" label="Method" options={HTTP_METHODS} />
      <TextField
        f={f}
        name="url"
        label="URL"
        hint="Starts with https:// or ${ENV:KEY}; each {{…}} value is URL-encoded, so it stays one path segment or query value"
      />
      <TextField f={f} name="body_template" label="Body" multiline />
      <TextField f={f} name="save_response_to" label="Save response to variable" vars={false} />
    </>
  );
}
