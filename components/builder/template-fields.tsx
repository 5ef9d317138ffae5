"use client";

import { FlaskConical } from "lucide-react";
import { useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { templatePlaceholders } from "@/lib/messages/render";
import { cn } from "@/lib/utils";
import { testTemplateAction } from "@/lib/workflows/actions";
import type { BuilderNumberDto, BuilderTemplateDto } from "@/lib/workflows/builder-data";
import { useBuilderContext } from "./builder-context";
import { Field, type FieldProps } from "./fields";
import { VarInput } from "./var-input";

type Component = {
  type?: string;
  format?: string;
  text?: string;
  buttons?: { type?: string; text?: string }[];
};
type Param = { component: "HEADER" | "BODY"; key: string };

/** Placeholders a template expects: {{1}} (positional) or {{name}} (named), per component. */
export function templateParams(t: BuilderTemplateDto): Param[] {
  const out: Param[] = [];
  for (const c of t.components as Component[]) {
    const type = c.type?.toUpperCase();
    if ((type !== "HEADER" && type !== "BODY") || !c.text) continue;
    for (const key of templatePlaceholders(c.text)) out.push({ component: type, key });
  }
  return out;
}

function Picker<T extends { id: string }>({
  id,
  items,
  selected,
  label,
  placeholder,
  disabled,
  match,
  render,
  onPick,
}: {
  id: string;
  items: T[];
  selected?: T;
  label: string;
  placeholder: string;
  disabled?: boolean;
  match: (t: T, q: string) => boolean;
  render: (t: T) => React.ReactNode;
  onPick: (t: T) => void;
}) {
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const shown = items.filter((t) => match(t, q.toLowerCase())).slice(0, 50);
  const listId = `${id}-options`;
  const pick = (t: T | undefined) => {
    if (!t) return;
    onPick(t);
    setOpen(false);
    setQ("");
  };
  return (
    <Field label={label} id={id}>
      <div className="relative">
        <Input
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && shown[active] ? `${listId}-${active}` : undefined}
          disabled={disabled}
          placeholder={selected ? undefined : placeholder}
          value={open ? q : ""}
          onFocus={() => {
            setOpen(true);
            setActive(0);
          }}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            // Arrow keys move through the matches, Enter picks, Escape closes: usable without a mouse.
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              setOpen(true);
              const step = e.key === "ArrowDown" ? 1 : -1;
              setActive((a) => (shown.length ? (a + step + shown.length) % shown.length : 0));
            } else if (e.key === "Enter" && open) {
              e.preventDefault();
              pick(shown[active]);
            } else if (e.key === "Escape" && open) {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            }
          }}
          className={cn(!open && selected && "placeholder:text-foreground")}
        />
        {!open && selected && (
          <div className="pointer-events-none absolute inset-0 flex items-center truncate px-3 text-sm">
            {render(selected)}
          </div>
        )}
        {open && (
          <div
            id={listId}
            role="listbox"
            aria-label={label}
            className="absolute z-20 mt-1 max-h-56 w-full overflow-auto rounded-md border bg-popover p-1 text-sm shadow-md"
          >
            {shown.length === 0 && <p className="px-2 py-1.5 text-muted-foreground">Nothing matches</p>}
            {shown.map((t, i) => (
              <div
                key={t.id}
                id={`${listId}-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className={cn(
                  "w-full cursor-pointer rounded px-2 py-1.5 text-left hover:bg-accent",
                  i === active && "bg-accent",
                )}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(t);
                }}
              >
                {render(t)}
              </div>
            ))}
          </div>
        )}
      </div>
    </Field>
  );
}

export function TemplateFields({
  f,
  numbers,
  templates,
}: {
  f: FieldProps;
  numbers: BuilderNumberDto[];
  templates: BuilderTemplateDto[];
}) {
  const number = numbers.find((n) => n.id === f.config.phone_number_id);
  const forNumber = useMemo(
    () => templates.filter((t) => !number || t.wabaId === number.wabaId),
    [templates, number],
  );
  const template = templates.find(
    (t) => t.id === f.config.template_id || t.metaTemplateId === f.config.template_id,
  );
  const params = template ? templateParams(template) : [];
  const values = new Map<string, string>();
  for (const c of (Array.isArray(f.config.parameters) ? f.config.parameters : []) as {
    type: string;
    parameters: { text: string; parameter_name?: string }[];
  }[]) {
    for (const [i, p] of (c.parameters ?? []).entries())
      values.set(`${c.type}:${p.parameter_name ?? i + 1}`, p.text);
  }
  const setParam = (p: Param, text: string) => {
    values.set(`${p.component}:${p.key}`, text);
    const named = params.some((x) => !/^\d+$/.test(x.key));
    const parameters = (["HEADER", "BODY"] as const)
      .map((type) => ({
        type,
        parameters: params
          .filter((x) => x.component === type)
          .map((x) => ({
            type: "text" as const,
            text: values.get(`${type}:${x.key}`) ?? "",
            ...(named ? { parameter_name: x.key } : {}),
          })),
      }))
      .filter((c) => c.parameters.length);
    f.set("parameters", parameters);
  };

  const components = (template?.components ?? []) as Component[];
  const part = (type: string) => components.find((c) => c.type?.toUpperCase() === type);

  return (
    <>
      <Picker
        id="field-phone_number_id"
        label="WhatsApp number"
        placeholder="Search by name or number"
        items={numbers}
        selected={number}
        disabled={f.disabled}
        match={(n, q) => `${n.verifiedName} ${n.displayPhoneNumber}`.toLowerCase().includes(q)}
        render={(n) => (
          <span>
            {n.verifiedName} <span className="text-muted-foreground">{n.displayPhoneNumber}</span>
          </span>
        )}
        onPick={(n) => f.patch({ phone_number_id: n.id, template_id: "", template_name: "", parameters: [] })}
      />
      {f.errors.phone_number_id && (
        <p className="-mt-2 text-xs text-destructive">{f.errors.phone_number_id}</p>
      )}
      <Picker
        id="field-template_id"
        label="Template"
        placeholder={number ? "Search by name or ID" : "Choose a number first"}
        items={forNumber}
        selected={template}
        disabled={f.disabled || !number}
        match={(t, q) => `${t.name} ${t.metaTemplateId} ${t.id}`.toLowerCase().includes(q)}
        render={(t) => (
          <span>
            {t.name}{" "}
            <span className="text-muted-foreground">
              · {t.language} · {t.status.toLowerCase()}
            </span>
          </span>
        )}
        onPick={(t) => {
          f.patch({ template_id: t.id, template_name: t.name, language: t.language, parameters: [] });
        }}
      />
      {f.errors.template_id && <p className="-mt-2 text-xs text-destructive">{f.errors.template_id}</p>}
      {template && (
        <div className="rounded-lg border bg-muted/40 p-3 text-sm" data-testid="template-preview">
          {part("HEADER")?.text && <p className="font-semibold">{part("HEADER")?.text}</p>}
          {part("HEADER") && !part("HEADER")?.text && (
            <p className="text-xs text-muted-foreground">[{part("HEADER")?.format?.toLowerCase()} header]</p>
          )}
          <p className="whitespace-pre-wrap">{part("BODY")?.text ?? "(no body)"}</p>
          {part("FOOTER")?.text && (
            <p className="mt-1 text-xs text-muted-foreground">{part("FOOTER")?.text}</p>
          )}
          {(part("BUTTONS")?.buttons ?? []).map((b) => (
            <p
              key={b.text}
              className="mt-1 rounded border bg-background px-2 py-1 text-center text-xs text-primary"
            >
              {b.text}
            </p>
          ))}
          <p className="mt-2 text-xs text-muted-foreground">
            {params.length
              ? `Expects ${params.length} parameter${params.length > 1 ? "s" : ""}`
              : "No parameters"}
          </p>
        </div>
      )}
      {template && number ? (
        <TestSend
          numberKind={number.kind}
          input={{
            phoneNumberId: number.id,
            templateName: template.name,
            language: template.language,
            // Every parameter the template expects; ones not mapped yet go out as [n] stand-ins.
            parameters: (["HEADER", "BODY"] as const)
              .map((type) => ({
                type,
                parameters: params
                  .filter((x) => x.component === type)
                  .map((x) => ({
                    text: values.get(`${type}:${x.key}`) || `{{${x.key}}}`,
                    ...(/^\d+$/.test(x.key) ? {} : { parameter_name: x.key }),
                  })),
              }))
              .filter((c) => c.parameters.length > 0),
          }}
        />
      ) : null}
      {params.map((p) => (
        <Field
          key={`${p.component}:${p.key}`}
          label={`${p.component.toLowerCase()} {{${p.key}}}`}
          id={`param-${p.component}-${p.key}`}
        >
          <VarInput
            id={`param-${p.component}-${p.key}`}
            value={values.get(`${p.component}:${p.key}`) ?? ""}
            onChange={(v) => setParam(p, v)}
            catalog={f.catalog}
            disabled={f.disabled}
            placeholder="{{vars.name}}"
          />
        </Field>
      ))}
    </>
  );
}

type TestParams = { type: string; parameters: { text: string; parameter_name?: string }[] }[];

/** Sends the template as configured to the newest sandbox conversation on the number, for a look. */
function TestSend({
  numberKind,
  input,
}: {
  numberKind: string;
  input: { phoneNumberId: string; templateName: string; language: string; parameters: TestParams };
}) {
  const { projectId, readOnly } = useBuilderContext();
  const [pending, start] = useTransition();
  const sandbox = numberKind === "SANDBOX";
  return (
    <div className="flex items-center gap-2">
      <Button
        type="button"
        size="sm"
        variant="outline"
        disabled={!sandbox || readOnly || pending}
        title={
          sandbox ? "Send it to the newest sandbox conversation" : "Test sends go to sandbox numbers only"
        }
        onClick={() =>
          start(async () => {
            const r = await testTemplateAction({ projectId, ...input });
            if (r.ok) toast.success(`Test sent to ${r.data.to}: see it on the Sandbox phone.`);
            else toast.error(r.error);
          })
        }
      >
        <FlaskConical className="size-4" /> {pending ? "Sending…" : "Test"}
      </Button>
      <span className="text-xs text-muted-foreground">
        {sandbox ? "Variables are sent as [name] stand-ins." : "Pick a sandbox number to test."}
      </span>
    </div>
  );
}
