"use client";

import { Plus, Trash2, Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { type ReactNode, useId, useMemo, useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { editTemplateAction, submitTemplateAction } from "@/lib/templates/actions";
import {
  type ButtonType,
  type EditorButton,
  type EditorState,
  emptyButton,
  type HeaderFormat,
  problemsByField,
  toPayload,
} from "@/lib/templates/editor-state";
import { previewTemplate } from "@/lib/templates/preview";
import { checkTemplate, LIMITS, type Problem } from "@/lib/templates/rules";
import { distinctKeys } from "@/lib/templates/variables";
import { cn } from "@/lib/utils";
import { NativeSelect } from "./native-select";
import { TemplateBubble } from "./template-preview";

const LANGUAGES = ["en_US", "en_GB", "en", "es", "es_MX", "pt_BR", "fr", "de", "it", "nl", "id", "hi", "ar"];

const BUTTON_LABELS: Record<ButtonType, string> = {
  QUICK_REPLY: "Quick reply",
  URL: "Visit website",
  PHONE_NUMBER: "Call phone number",
  COPY_CODE: "Copy offer code",
  FLOW: "Open flow",
  OTP: "One-time password",
};

/** A field's messages, announced to screen readers and tied to the input by id. */
function Messages({ id, problems }: { id: string; problems?: Problem[] }) {
  if (!problems?.length) return null;
  return (
    <ul id={id} className="space-y-0.5" data-testid="field-problems">
      {problems.map((p) => (
        <li
          key={`${p.rule}:${p.path}`}
          className={cn(
            "text-xs",
            p.severity === "error" ? "text-destructive" : "text-amber-700 dark:text-amber-400",
          )}
          data-rule={p.rule}
        >
          {p.severity === "warning" ? "Review risk: " : null}
          {p.message}
        </li>
      ))}
    </ul>
  );
}

function Field({
  id,
  label,
  counter,
  problems,
  children,
  hint,
}: {
  id: string;
  label: string;
  counter?: [number, number];
  problems?: Problem[];
  children: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={id}>{label}</Label>
        {counter ? (
          <span
            className={cn(
              "text-xs tabular-nums",
              counter[0] > counter[1] ? "text-destructive" : "text-muted-foreground",
            )}
          >
            {counter[0].toLocaleString("en-US")}/{counter[1].toLocaleString("en-US")}
          </span>
        ) : null}
      </div>
      {children}
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
      <Messages id={`${id}-problems`} problems={problems} />
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-4 rounded-lg border p-4">
      <h2 className="text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export function TemplateEditor({
  projectId,
  slug,
  wabaId,
  initial,
  editing,
}: {
  projectId: string;
  slug: string;
  wabaId: string;
  initial: EditorState;
  /** Set when editing: Meta keeps the name and language, and an approved template's category. */
  editing?: { id: string; status: string };
}) {
  const router = useRouter();
  const uid = useId();
  const [s, setS] = useState(initial);
  const [mode, setMode] = useState<"light" | "dark">("light");
  const [mediaSrc, setMediaSrc] = useState<string>();
  const [uploading, setUploading] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const update = (patch: Partial<EditorState>) => setS((v) => ({ ...v, ...patch }));

  // Every keystroke: the payload, the rule module's verdict and the preview (bench/templates.ts).
  const payload = useMemo(() => toPayload(s), [s]);
  const problems = useMemo(() => checkTemplate(payload), [payload]);
  const preview = useMemo(() => previewTemplate(payload), [payload]);
  const byField = useMemo(() => problemsByField(problems, s), [problems, s]);
  const errors = problems.filter((p) => p.severity === "error");
  const auth = s.category === "AUTHENTICATION";
  const fid = (f: string) => `${uid}-${f.replace(/[^\w-]/g, "_")}`;
  const invalid = (f: string) =>
    (byField.get(f) ?? []).some((p) => p.severity === "error") ? true : undefined;
  const described = (f: string) => (byField.get(f)?.length ? `${fid(f)}-problems` : undefined);
  const input = (f: string) => ({ id: fid(f), "aria-invalid": invalid(f), "aria-describedby": described(f) });

  const headerKeys = distinctKeys(s.headerText);
  const bodyKeys = distinctKeys(s.body);

  function addVariable() {
    const el = bodyRef.current;
    const next =
      s.parameterFormat === "NAMED"
        ? `{{${`variable_${bodyKeys.length + 1}`}}}`
        : `{{${bodyKeys.filter((k) => /^\d+$/.test(k)).length + 1}}}`;
    const at = el?.selectionStart ?? s.body.length;
    update({ body: s.body.slice(0, at) + next + s.body.slice(at) });
    requestAnimationFrame(() => el?.focus());
  }

  async function uploadSample(file: File) {
    setUploading(true);
    try {
      const form = new FormData();
      form.set("file", file);
      const res = await fetch(`/api/projects/${projectId}/uploads?waba=${wabaId}`, {
        method: "POST",
        body: form,
      });
      const json = (await res.json()) as { handle?: string; error?: string };
      if (!res.ok || !json.handle) throw new Error(json.error ?? "The upload failed.");
      update({ headerHandle: json.handle, headerFileName: file.name });
      setMediaSrc(file.type.startsWith("image/") ? URL.createObjectURL(file) : undefined);
      toast.success("Sample uploaded to WhatsApp.");
    } catch (e) {
      toast.error((e as Error).message);
    } finally {
      setUploading(false);
    }
  }

  function setButton(i: number, patch: Partial<EditorButton>) {
    update({ buttons: s.buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  }

  function submit() {
    setServerError(null);
    start(async () => {
      const template = payload;
      const r = editing
        ? await editTemplateAction({ projectId, id: editing.id, template })
        : await submitTemplateAction({ projectId, wabaId, template });
      if (!r.ok) {
        setServerError(r.error);
        toast.error(r.error);
        return;
      }
      toast.success(editing ? "Changes sent to WhatsApp for review." : "Template submitted for review.");
      router.push(`/p/${slug}/templates?waba=${wabaId}`);
    });
  }

  const example = (kind: "header" | "body", key: string) => {
    const f = `example:${kind}:${key}`;
    return (
      <Field key={f} id={fid(f)} label={`Example for {{${key}}}`} problems={byField.get(f)}>
        <Input
          {...input(f)}
          value={s.examples[`${kind}:${key}`] ?? ""}
          placeholder="What a customer might see here"
          onChange={(e) => update({ examples: { ...s.examples, [`${kind}:${key}`]: e.target.value } })}
        />
      </Field>
    );
  };

  return (
    <form
      className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]"
      onSubmit={(e) => {
        e.preventDefault();
        if (errors.length === 0) submit();
      }}
    >
      <div className="min-w-0 space-y-4">
        <Section title="Template">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              id={fid("name")}
              label="Name"
              counter={[s.name.length, LIMITS.name]}
              problems={byField.get("name")}
            >
              <Input
                {...input("name")}
                value={s.name}
                disabled={!!editing}
                autoComplete="off"
                placeholder="order_update"
                onChange={(e) => update({ name: e.target.value })}
              />
            </Field>
            <Field id={fid("language")} label="Language" problems={byField.get("language")}>
              <NativeSelect
                {...input("language")}
                className="w-full"
                value={s.language}
                disabled={!!editing}
                onChange={(e) => update({ language: e.target.value })}
              >
                {[...new Set([s.language, ...LANGUAGES])].map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field id={fid("category")} label="Category" problems={byField.get("category")}>
              <NativeSelect
                {...input("category")}
                className="w-full"
                value={s.category}
                disabled={editing?.status === "APPROVED"}
                onChange={(e) => update({ category: e.target.value as EditorState["category"] })}
              >
                <option value="MARKETING">Marketing</option>
                <option value="UTILITY">Utility</option>
                <option value="AUTHENTICATION">Authentication</option>
              </NativeSelect>
            </Field>
            {!auth ? (
              <Field
                id={fid("parameter_format")}
                label="Variables"
                problems={byField.get("parameter_format")}
                hint={s.parameterFormat === "NAMED" ? "Named: {{first_name}}" : "Numbered: {{1}}, {{2}}…"}
              >
                <NativeSelect
                  {...input("parameter_format")}
                  className="w-full"
                  value={s.parameterFormat}
                  disabled={!!editing}
                  onChange={(e) =>
                    update({ parameterFormat: e.target.value as EditorState["parameterFormat"] })
                  }
                >
                  <option value="POSITIONAL">Numbered (positional)</option>
                  <option value="NAMED">Named</option>
                </NativeSelect>
              </Field>
            ) : null}
          </div>
        </Section>

        {auth ? (
          <Section title="Authentication">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={s.securityRecommendation}
                onChange={(e) => update({ securityRecommendation: e.target.checked })}
              />
              Add the security recommendation ("For your security, do not share this code.")
            </label>
            <Field
              id={fid("expiry")}
              label="Code expires after (minutes, 1–90; empty for none)"
              problems={byField.get("expiry")}
            >
              <Input
                {...input("expiry")}
                inputMode="numeric"
                value={s.codeExpiry}
                onChange={(e) => update({ codeExpiry: e.target.value })}
              />
            </Field>
            <Field
              id={fid("button-0")}
              label="Code button"
              problems={[...(byField.get("button-0") ?? []), ...(byField.get("buttons") ?? [])]}
            >
              <NativeSelect
                {...input("button-0")}
                className="w-full"
                value={s.buttons[0]?.otpType ?? "COPY_CODE"}
                onChange={(e) =>
                  update({
                    buttons: [
                      {
                        ...emptyButton("OTP"),
                        ...s.buttons[0],
                        type: "OTP",
                        otpType: e.target.value as EditorButton["otpType"],
                      },
                    ],
                  })
                }
              >
                <option value="COPY_CODE">Copy code</option>
                <option value="ONE_TAP">One-tap autofill</option>
                <option value="ZERO_TAP">Zero-tap</option>
              </NativeSelect>
            </Field>
            {s.buttons[0] && s.buttons[0].otpType !== "COPY_CODE" ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id={fid("pkg")} label="Android package name">
                  <Input
                    id={fid("pkg")}
                    value={s.buttons[0].packageName}
                    onChange={(e) => setButton(0, { packageName: e.target.value })}
                  />
                </Field>
                <Field id={fid("sig")} label="App signature hash (11 characters)">
                  <Input
                    id={fid("sig")}
                    value={s.buttons[0].signatureHash}
                    onChange={(e) => setButton(0, { signatureHash: e.target.value })}
                  />
                </Field>
              </div>
            ) : null}
          </Section>
        ) : (
          <>
            <Section title="Header">
              <Field
                id={fid("header-format")}
                label="Header"
                problems={byField.get("header")?.filter((p) => p.path.endsWith("format"))}
              >
                <NativeSelect
                  id={fid("header-format")}
                  className="w-full"
                  value={s.headerFormat}
                  onChange={(e) => update({ headerFormat: e.target.value as HeaderFormat })}
                >
                  <option value="NONE">None</option>
                  <option value="TEXT">Text</option>
                  <option value="IMAGE">Image</option>
                  <option value="VIDEO">Video</option>
                  <option value="DOCUMENT">Document</option>
                  <option value="LOCATION">Location</option>
                </NativeSelect>
              </Field>
              {s.headerFormat === "TEXT" ? (
                <>
                  <Field
                    id={fid("header")}
                    label="Header text"
                    counter={[s.headerText.length, LIMITS.headerText]}
                    problems={byField.get("header")?.filter((p) => !p.path.endsWith("format"))}
                  >
                    <Input
                      {...input("header")}
                      value={s.headerText}
                      onChange={(e) => update({ headerText: e.target.value })}
                    />
                  </Field>
                  {headerKeys.slice(0, 1).map((k) => example("header", k))}
                </>
              ) : null}
              {["IMAGE", "VIDEO", "DOCUMENT"].includes(s.headerFormat) ? (
                <Field
                  id={fid("header-sample")}
                  label="Sample for review"
                  problems={byField.get("header-sample")}
                  hint={
                    s.headerFileName
                      ? `Uploaded: ${s.headerFileName}`
                      : "Meta reviews the template with this sample (JPG/PNG ≤ 5 MB, MP4 ≤ 16 MB, PDF)."
                  }
                >
                  <div className="flex items-center gap-2">
                    <Input
                      {...input("header-sample")}
                      type="file"
                      accept={
                        s.headerFormat === "IMAGE"
                          ? "image/jpeg,image/png"
                          : s.headerFormat === "VIDEO"
                            ? "video/mp4"
                            : "application/pdf"
                      }
                      disabled={uploading}
                      onChange={(e) => {
                        const f = e.target.files?.[0];
                        if (f) void uploadSample(f);
                      }}
                    />
                    {uploading ? (
                      <Spinner />
                    ) : (
                      <Upload className="size-4 text-muted-foreground" aria-hidden="true" />
                    )}
                  </div>
                </Field>
              ) : null}
            </Section>

            <Section title="Body">
              <Field
                id={fid("body")}
                label="Body text"
                counter={[s.body.length, LIMITS.body]}
                problems={byField.get("body")}
              >
                <Textarea
                  {...input("body")}
                  ref={bodyRef}
                  rows={6}
                  value={s.body}
                  onChange={(e) => update({ body: e.target.value })}
                />
              </Field>
              <Button type="button" variant="outline" size="sm" onClick={addVariable}>
                <Plus className="size-4" /> Add variable
              </Button>
              {bodyKeys.length > 0 ? (
                <div className="grid gap-3 sm:grid-cols-2">{bodyKeys.map((k) => example("body", k))}</div>
              ) : null}
            </Section>

            {s.category === "MARKETING" ? (
              <Section title="Limited-time offer">
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={s.offer.enabled}
                    onChange={(e) => update({ offer: { ...s.offer, enabled: e.target.checked } })}
                  />
                  This is a limited-time offer
                </label>
                {s.offer.enabled ? (
                  <>
                    <Field
                      id={fid("offer")}
                      label="Offer headline"
                      counter={[s.offer.text.length, LIMITS.ltoText]}
                      problems={byField.get("offer")}
                    >
                      <Input
                        {...input("offer")}
                        value={s.offer.text}
                        onChange={(e) => update({ offer: { ...s.offer, text: e.target.value } })}
                      />
                    </Field>
                    <label className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        checked={s.offer.expires}
                        onChange={(e) => update({ offer: { ...s.offer, expires: e.target.checked } })}
                      />
                      Show when the offer expires (needs a copy-code button first)
                    </label>
                  </>
                ) : null}
              </Section>
            ) : null}

            <Section title="Footer">
              <Field
                id={fid("footer")}
                label="Footer text (optional)"
                counter={[s.footer.length, LIMITS.footer]}
                problems={byField.get("footer")}
              >
                <Input
                  {...input("footer")}
                  value={s.footer}
                  onChange={(e) => update({ footer: e.target.value })}
                />
              </Field>
            </Section>

            <Section title="Buttons">
              <Messages id={`${fid("buttons")}-problems`} problems={byField.get("buttons")} />
              {s.buttons.map((b, i) => (
                <fieldset
                  key={b.key}
                  className="space-y-3 rounded-md border p-3"
                  aria-label={`Button ${i + 1}`}
                >
                  <div className="flex items-center justify-between gap-2">
                    <legend className="text-sm font-medium">
                      {i + 1}. {BUTTON_LABELS[b.type]}
                    </legend>
                    <Button
                      type="button"
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove button ${i + 1}`}
                      onClick={() => update({ buttons: s.buttons.filter((_, j) => j !== i) })}
                    >
                      <Trash2 className="size-4" />
                    </Button>
                  </div>
                  {b.type !== "COPY_CODE" ? (
                    <Field
                      id={fid(`button-${i}-text`)}
                      label="Button text"
                      counter={[b.text.length, LIMITS.buttonText]}
                    >
                      <Input
                        id={fid(`button-${i}-text`)}
                        value={b.text}
                        onChange={(e) => setButton(i, { text: e.target.value })}
                      />
                    </Field>
                  ) : null}
                  {b.type === "URL" ? (
                    <>
                      <Field id={fid(`button-${i}-url`)} label="URL (a variable {{1}} may end it)">
                        <Input
                          id={fid(`button-${i}-url`)}
                          value={b.url}
                          placeholder="https://"
                          onChange={(e) => setButton(i, { url: e.target.value })}
                        />
                      </Field>
                      {/\{\{[^{}]*\}\}/.test(b.url) ? (
                        <Field id={fid(`button-${i}-example`)} label="Example of the full URL">
                          <Input
                            id={fid(`button-${i}-example`)}
                            value={b.urlExample}
                            onChange={(e) => setButton(i, { urlExample: e.target.value })}
                          />
                        </Field>
                      ) : null}
                    </>
                  ) : null}
                  {b.type === "PHONE_NUMBER" ? (
                    <Field id={fid(`button-${i}-phone`)} label="Phone number with country code">
                      <Input
                        id={fid(`button-${i}-phone`)}
                        value={b.phone}
                        placeholder="+15551234567"
                        onChange={(e) => setButton(i, { phone: e.target.value })}
                      />
                    </Field>
                  ) : null}
                  {b.type === "COPY_CODE" ? (
                    <Field
                      id={fid(`button-${i}-code`)}
                      label="Example code"
                      counter={[b.code.length, LIMITS.copyCode]}
                    >
                      <Input
                        id={fid(`button-${i}-code`)}
                        value={b.code}
                        onChange={(e) => setButton(i, { code: e.target.value })}
                      />
                    </Field>
                  ) : null}
                  {b.type === "FLOW" ? (
                    <Field id={fid(`button-${i}-flow`)} label="Flow ID">
                      <Input
                        id={fid(`button-${i}-flow`)}
                        value={b.flowId}
                        onChange={(e) => setButton(i, { flowId: e.target.value })}
                      />
                    </Field>
                  ) : null}
                  <Messages id={`${fid(`button-${i}`)}-problems`} problems={byField.get(`button-${i}`)} />
                </fieldset>
              ))}
              <div className="flex flex-wrap gap-2">
                {(["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "FLOW"] as const).map((type) => (
                  <Button
                    key={type}
                    type="button"
                    variant="outline"
                    size="sm"
                    onClick={() => update({ buttons: [...s.buttons, emptyButton(type)] })}
                  >
                    <Plus className="size-4" /> {BUTTON_LABELS[type]}
                  </Button>
                ))}
              </div>
            </Section>
          </>
        )}
      </div>

      <aside className="space-y-3 lg:sticky lg:top-4 lg:self-start">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold">Preview</h2>
          <fieldset className="flex gap-1" aria-label="Preview theme">
            {(["light", "dark"] as const).map((m) => (
              <Button
                key={m}
                type="button"
                size="sm"
                variant={mode === m ? "secondary" : "ghost"}
                aria-pressed={mode === m}
                onClick={() => setMode(m)}
              >
                {m === "light" ? "Light" : "Dark"}
              </Button>
            ))}
          </fieldset>
        </div>
        <TemplateBubble preview={preview} mode={mode} mediaSrc={mediaSrc} />
        <div className="space-y-2 rounded-lg border p-3 text-sm" aria-live="polite">
          {errors.length === 0 ? (
            <p className="text-emerald-700 dark:text-emerald-400" data-testid="rules-ok">
              Meta's rules are met.
            </p>
          ) : (
            <p className="text-destructive" data-testid="rules-count">
              {errors.length} {errors.length === 1 ? "problem" : "problems"} to fix before submitting.
            </p>
          )}
          {serverError ? <p className="text-destructive">{serverError}</p> : null}
          <Button type="submit" className="w-full" disabled={errors.length > 0 || pending || uploading}>
            {pending ? <Spinner /> : null}
            {editing ? "Submit changes for review" : "Submit for review"}
          </Button>
        </div>
      </aside>
    </form>
  );
}
