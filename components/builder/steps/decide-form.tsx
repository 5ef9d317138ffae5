import { DECISION_TYPE_LABELS } from "@/lib/workflows/steps/decide";
import { CodeField, ListField, SelectField, TextField } from "../fields";
import type { StepFormProps } from "./types";

const PLACEHOLDER = `function handler(request) {
  return request.vars.total > 100 ? "big" : "small";
}`;

const BY = Object.entries(DECISION_TYPE_LABELS).map(([value, label]) => ({ value, label }));

export function DecideForm({ f }: StepFormProps) {
  return (
    <>
      <SelectField f={f} name="decision_type" label="Decided by" options={BY} />
      {f.config.decision_type === "function" && (
        <>
          <CodeField
            f={f}
            name="code"
            label="Code"
            placeholder={PLACEHOLDER}
            hint="JavaScript run in a sandbox; returns a condition's label"
          />
          <TextField f={f} name="function_id" label="Function ID" vars={false} />
        </>
      )}
      <ListField
        f={f}
        name="conditions"
        label="Conditions (one output each)"
        itemLabel="condition"
        prefix="cond"
        textKey="label"
        extraKey="description"
        extraLabel="When to take it (optional)"
      />
    </>
  );
}
