"use client";

import { X } from "lucide-react";
import { memo, useMemo } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { STEPS } from "@/lib/workflows/steps/registry";
import type { Problem } from "@/lib/workflows/validate";
import { useBuilderContext } from "./builder-context";
import { Field, type FieldProps } from "./fields";
import type { FlowNodeData } from "./flow-types";
import { NODE_META } from "./node-meta";
import { STEP_UI } from "./steps/registry";
import type { VarCatalog } from "./var-input";

function InspectorView({
  nodeId,
  data,
  problems,
  catalog,
  onChange,
  onClose,
}: {
  nodeId: string;
  data: FlowNodeData;
  problems: Problem[];
  catalog: VarCatalog;
  onChange: (id: string, patch: Partial<FlowNodeData>, key: string) => void;
  onClose: () => void;
}) {
  const { readOnly } = useBuilderContext();
  const errors = useMemo(() => {
    const out: Record<string, string> = {};
    const r = STEPS[data.node_type].schema.safeParse(data.config);
    if (!r.success) for (const i of r.error.issues) out[String(i.path[0] ?? "")] ??= i.message;
    return out;
  }, [data]);
  const f: FieldProps = {
    config: data.config,
    errors,
    catalog,
    disabled: readOnly,
    set: (field, value) =>
      onChange(nodeId, { config: { ...data.config, [field]: value } }, `config:${nodeId}:${field}`),
    patch: (values) =>
      onChange(
        nodeId,
        { config: { ...data.config, ...values } },
        `config:${nodeId}:${Object.keys(values).join(",")}`,
      ),
  };
  const Icon = NODE_META[data.node_type].icon;
  const Form = STEP_UI[data.node_type].Form;
  const other = problems.filter((p) => !p.field || !errors[p.field]);
  return (
    <aside className="flex h-full flex-col" aria-label="Step settings" data-testid="inspector">
      <div className="flex items-center gap-2 border-b px-4 py-3">
        <Icon className={`size-4 ${NODE_META[data.node_type].tone}`} aria-hidden />
        <h2 className="flex-1 truncate text-sm font-semibold">{STEPS[data.node_type].label}</h2>
        <Button variant="ghost" size="icon" aria-label="Close settings" onClick={onClose}>
          <X />
        </Button>
      </div>
      <div className="flex flex-1 flex-col gap-4 overflow-y-auto p-4">
        {data.node_type !== "start" && (
          <Field label="Name" id="field-display_name">
            <Input
              id="field-display_name"
              value={data.display_name ?? ""}
              placeholder={STEPS[data.node_type].label}
              disabled={readOnly}
              onChange={(e) => onChange(nodeId, { display_name: e.target.value }, `name:${nodeId}`)}
            />
          </Field>
        )}
        <Form f={f} />
        {other.length > 0 && (
          <ul className="rounded-md border border-amber-500/40 bg-amber-500/5 p-2 text-xs">
            {other.map((p) => (
              <li
                key={`${p.code}-${p.message}`}
                className={p.severity === "error" ? "text-destructive" : "text-amber-700 dark:text-amber-400"}
              >
                {p.message}
              </li>
            ))}
          </ul>
        )}
        <p className="text-xs text-muted-foreground">
          ID <code className="font-mono">{nodeId}</code>
        </p>
      </div>
    </aside>
  );
}

export const Inspector = memo(InspectorView);
