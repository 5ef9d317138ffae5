"use client";

import { X } from "lucide-react";
import { memo, useMemo } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NODE_LABELS } from "@/lib/workflows/definition";
import { nodeConfigSchemas } from "@/lib/workflows/node-configs";
import type { Problem } from "@/lib/workflows/validate";
import { useBuilderContext } from "./builder-context";
import { CheckField, Field, type FieldProps, ListField, NumberField, SelectField, TextField } from "./fields";
import type { FlowNodeData } from "./flow-types";
import { NODE_META } from "./node-meta";
import { TemplateFields } from "./template-fields";
import type { VarCatalog } from "./var-input";

function ConfigFields({ type, f }: { type: FlowNodeData["node_type"]; f: FieldProps }) {
  const { data } = useBuilderContext();
  switch (type) {
    case "start":
      return (
        <p className="text-sm text-muted-foreground">
          Runs start here. Set up triggers in the workflow settings.
        </p>
      );
    case "send_text":
      return (
        <>
          <TextField f={f} name="message" label="Message" multiline />
          <NumberField f={f} name="delay_seconds" label="Delay (seconds)" />
        </>
      );
    case "send_template":
      return <TemplateFields f={f} numbers={data.numbers} templates={data.templates} />;
    case "send_interactive": {
      const kind = typeof f.config.interactive_type === "string" ? f.config.interactive_type : "button";
      return (
        <>
          <SelectField
            f={f}
            name="interactive_type"
            label="Type"
            options={["button", "list", "cta_url", "flow", "location_request_message"]}
          />
          <SelectField
            f={f}
            name="header_type"
            label="Header"
            options={["none", "text", "image", "video", "document"]}
          />
          {f.config.header_type === "text" && <TextField f={f} name="header_text" label="Header text" />}
          {["image", "video", "document"].includes(String(f.config.header_type)) && (
            <TextField f={f} name="header_media_url" label="Header media URL" />
          )}
          <TextField f={f} name="body_text" label="Body" multiline />
          <TextField f={f} name="footer_text" label="Footer" />
          {kind === "button" && (
            <ListField
              f={f}
              name="buttons"
              label="Buttons (max 3, 20 characters)"
              itemLabel="button"
              prefix="btn"
              max={3}
              textKey="title"
            />
          )}
          {kind === "list" && (
            <>
              <TextField f={f} name="list_button_text" label="List button text" vars={false} />
              <ListField
                f={{
                  ...f,
                  config: {
                    rows: (f.config.list_sections as { rows?: unknown[] }[] | undefined)?.[0]?.rows ?? [],
                  },
                  set: (_, rows) => f.set("list_sections", [{ title: "", rows }]),
                }}
                name="rows"
                label="Rows (max 10)"
                itemLabel="row"
                prefix="row"
                max={10}
                textKey="title"
                extraKey="description"
              />
              {f.errors.list_sections && <p className="text-xs text-destructive">{f.errors.list_sections}</p>}
            </>
          )}
          {kind === "cta_url" && (
            <>
              <TextField f={f} name="cta_display_text" label="Button text" vars={false} />
              <TextField f={f} name="cta_url" label="URL" />
            </>
          )}
          {kind === "flow" && <TextField f={f} name="flow_id" label="Flow ID" vars={false} />}
        </>
      );
    }
    case "wait_for_response":
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
            <NumberField
              f={f}
              name="timeout_seconds"
              label="Timeout (seconds)"
              hint="10 s to 7 days (604800)"
            />
          )}
        </>
      );
    case "set_variable":
      return (
        <>
          <TextField f={f} name="variable_name" label="Variable name" vars={false} />
          <TextField f={f} name="variable_value" label="Value" />
          <SelectField
            f={f}
            name="value_type"
            label="Type"
            options={["string", "number", "boolean", "json"]}
          />
        </>
      );
    case "decide":
      return (
        <>
          <SelectField f={f} name="decision_type" label="Decided by" options={["ai", "function"]} />
          {f.config.decision_type === "function" && (
            <TextField f={f} name="function_id" label="Function ID" vars={false} />
          )}
          <ListField
            f={f}
            name="conditions"
            label="Conditions (one output each)"
            itemLabel="condition"
            prefix="cond"
            textKey="label"
            extraKey="description"
          />
        </>
      );
    case "call":
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
    case "webhook":
      return (
        <>
          <SelectField
            f={f}
            name="method"
            label="Method"
            options={["POST", "GET", "PUT", "PATCH", "DELETE"]}
          />
          <TextField f={f} name="url" label="URL" />
          <TextField f={f} name="body_template" label="Body" multiline />
          <TextField f={f} name="save_response_to" label="Save response to variable" vars={false} />
        </>
      );
    case "function":
      return (
        <>
          <TextField f={f} name="function_id" label="Function ID" vars={false} />
          <TextField f={f} name="save_response_to" label="Save result to variable" vars={false} />
        </>
      );
    case "agent":
      return (
        <>
          <TextField f={f} name="system_prompt" label="System prompt" multiline />
          <NumberField f={f} name="max_iterations" label="Max iterations" />
          <SelectField
            f={f}
            name="reasoning_effort"
            label="Reasoning effort"
            options={["low", "minimal", "medium", "high"]}
          />
        </>
      );
    case "handoff":
      return <TextField f={f} name="reason" label="Reason" multiline />;
  }
}

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
    const r = nodeConfigSchemas[data.node_type].safeParse(data.config);
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
  const other = problems.filter((p) => !p.field || !errors[p.field]);
  return (
    <aside className="flex h-full flex-col" aria-label="Step settings" data-testid="inspector">
      <div className="flex items-center gap-2 border-b px-4 py-3">
        <Icon className={`size-4 ${NODE_META[data.node_type].tone}`} aria-hidden />
        <h2 className="flex-1 truncate text-sm font-semibold">{NODE_LABELS[data.node_type]}</h2>
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
              placeholder={NODE_LABELS[data.node_type]}
              disabled={readOnly}
              onChange={(e) => onChange(nodeId, { display_name: e.target.value }, `name:${nodeId}`)}
            />
          </Field>
        )}
        <ConfigFields type={data.node_type} f={f} />
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
