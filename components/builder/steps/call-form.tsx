"use client";

import { useBuilderContext } from "../builder-context";
import { Field } from "../fields";
import type { StepFormProps } from "./types";

export function CallForm({ f }: StepFormProps) {
  const { data } = useBuilderContext();
  return (
    <Field label="Workflow" id="field-workflow_id" error={f.errors.workflow_id}>
      <select
        id="field-workflow_id"
        className="h-9 rounded-md border border-input bg-background px-2 text-sm"
        value={typeof f.config.workflow_id === "string" ? f.config.workflow_id : ""}
        disabled={f.disabled}
        onChange={(e) =>
          f.patch({
            workflow_id: e.target.value,
            workflow_name: data.workflows.find((w) => w.id === e.target.value)?.name ?? "",
          })
        }
      >
        <option value="">Choose…</option>
        {data.workflows.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
