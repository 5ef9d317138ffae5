import { CodeField, TextField } from "../fields";
import type { StepFormProps } from "./types";

const PLACEHOLDER = `async function handler(request, env) {
  // request.vars, request.context, request.system, request.last_user_input
  return { vars: { greeting: "hi" } };
}`;

export function FunctionForm({ f }: StepFormProps) {
  return (
    <>
      <CodeField
        f={f}
        name="code"
        label="Code"
        placeholder={PLACEHOLDER}
        hint="JavaScript run in a sandbox; returns { vars } to merge"
      />
      <TextField f={f} name="function_id" label="Function ID" vars={false} />
      <TextField f={f} name="save_response_to" label="Save result to variable" vars={false} />
    </>
  );
}
