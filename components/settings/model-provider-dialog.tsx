"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { useActionForm } from "@/components/ui/use-action-form";
import { createModelProviderAction, updateModelProviderAction } from "@/lib/models/actions";
import type { ModelProviderDto } from "@/lib/models/data";
import {
  DEFAULT_BASE_URLS,
  PROVIDER_KIND_LABELS,
  PROVIDER_KINDS,
  type ProviderKind,
} from "@/lib/models/schema";

const MODEL_HINT: Record<ProviderKind, string> = {
  openai_compatible: "gpt-4o-mini",
  anthropic: "claude-sonnet-4-5",
  ollama: "llama3.1",
};

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="text-sm text-destructive">
      {message}
    </p>
  ) : null;
}

/**
 * Adds a provider, or edits one (`provider` given; its kind cannot change). The key field is write-only:
 * editing shows which key is stored by its last 4 characters, and an empty field keeps it.
 */
export function ModelProviderDialog({
  projectId,
  provider,
  open,
  onClose,
}: {
  projectId: string;
  provider?: ModelProviderDto;
  open: boolean;
  onClose: () => void;
}) {
  const router = useRouter();
  const editing = !!provider;
  const [name, setName] = useState(provider?.name ?? "");
  const [kind, setKind] = useState<ProviderKind>(provider?.kind ?? "openai_compatible");
  const [baseUrl, setBaseUrl] = useState(provider?.baseUrl ?? DEFAULT_BASE_URLS.openai_compatible);
  const [apiKey, setApiKey] = useState("");
  const [removeKey, setRemoveKey] = useState(false);
  const [model, setModel] = useState(provider?.defaultModel ?? "");
  const { fields, error, pending, reset, submit: run } = useActionForm();

  function chooseKind(k: ProviderKind) {
    // A base URL still at the previous kind's default follows the kind.
    if (!baseUrl || baseUrl === DEFAULT_BASE_URLS[kind]) setBaseUrl(DEFAULT_BASE_URLS[k]);
    setKind(k);
  }

  function close() {
    if (pending) return;
    reset();
    onClose();
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (provider) {
      run(
        () =>
          updateModelProviderAction({
            projectId,
            providerId: provider.id,
            name,
            baseUrl,
            defaultModel: model,
            ...(removeKey ? { apiKey: "" } : apiKey ? { apiKey } : {}),
          }),
        (data) => {
          toast.success(`${data.name} was saved`);
          onClose();
          router.refresh();
        },
      );
    } else {
      run(
        () =>
          createModelProviderAction({
            projectId,
            name,
            kind,
            baseUrl,
            defaultModel: model,
            ...(apiKey ? { apiKey } : {}),
          }),
        (data) => {
          toast.success(`${data.name} was added. Test its connection from the list.`);
          onClose();
          router.refresh();
        },
      );
    }
  }

  const keyOptional = kind === "ollama";
  const p = editing ? "edit-provider" : "new-provider";

  return (
    <Dialog open={open} onOpenChange={(o) => !o && close()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>{provider ? `Edit ${provider.name}` : "Add a model provider"}</DialogTitle>
          <DialogDescription>
            AI decide and agent steps call the project's default provider unless a step names another.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="space-y-5" noValidate>
          {error ? (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <div className="space-y-2">
            <Label htmlFor={`${p}-name`}>Name</Label>
            <Input
              id={`${p}-name`}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="OpenAI production"
              autoComplete="off"
              maxLength={80}
              aria-invalid={!!fields.name}
              aria-describedby={fields.name ? `${p}-name-error` : undefined}
            />
            <FieldError id={`${p}-name-error`} message={fields.name} />
          </div>
          <div className="space-y-2">
            <Label htmlFor={`${p}-kind`}>Kind</Label>
            {provider ? (
              <p id={`${p}-kind`} className="rounded-md border bg-muted/50 px-3 py-2 text-sm">
                {PROVIDER_KIND_LABELS[provider.kind]}
              </p>
            ) : (
              <Select value={kind} onValueChange={(v) => chooseKind(v as ProviderKind)}>
                <SelectTrigger id={`${p}-kind`} className="w-full" aria-invalid={!!fields.kind}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {PROVIDER_KINDS.map((k) => (
                    <SelectItem key={k} value={k}>
                      {PROVIDER_KIND_LABELS[k]}
                      {k === "openai_compatible" ? " (OpenAI, Groq, Together, vLLM…)" : ""}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
            <FieldError id={`${p}-kind-error`} message={fields.kind} />
          </div>
          <div className="space-y-2">
            <Label htmlFor={`${p}-url`}>Base URL</Label>
            <Input
              id={`${p}-url`}
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
              placeholder={DEFAULT_BASE_URLS[kind]}
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              className="font-mono text-sm"
              aria-invalid={!!fields.baseUrl}
              aria-describedby={`${p}-url-help${fields.baseUrl ? ` ${p}-url-error` : ""}`}
            />
            <p id={`${p}-url-help`} className="text-sm text-muted-foreground">
              {kind === "ollama"
                ? "Ollama's OpenAI-compatible endpoint, ending in /v1."
                : "The API's base, ending in /v1."}{" "}
              A private or local address works only if the server's EGRESS_ALLOW_HOSTS allows its host.
            </p>
            <FieldError id={`${p}-url-error`} message={fields.baseUrl} />
          </div>
          <div className="space-y-2">
            <Label htmlFor={`${p}-key`}>API key{keyOptional ? " (optional)" : ""}</Label>
            <Input
              id={`${p}-key`}
              type="password"
              value={apiKey}
              onChange={(e) => {
                setApiKey(e.target.value);
                if (e.target.value) setRemoveKey(false);
              }}
              placeholder={
                provider?.apiKey.set ? `Leave empty to keep the key ending in ${provider.apiKey.last4}` : ""
              }
              autoComplete="new-password"
              spellCheck={false}
              aria-invalid={!!fields.apiKey}
              aria-describedby={`${p}-key-help${fields.apiKey ? ` ${p}-key-error` : ""}`}
            />
            <p id={`${p}-key-help`} className="text-sm text-muted-foreground">
              Stored encrypted; it is never shown again, only its last 4 characters.
            </p>
            {provider?.apiKey.set && provider.kind === "ollama" ? (
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={removeKey}
                  onChange={(e) => {
                    setRemoveKey(e.target.checked);
                    if (e.target.checked) setApiKey("");
                  }}
                />
                Remove the stored key
              </label>
            ) : null}
            <FieldError id={`${p}-key-error`} message={fields.apiKey} />
          </div>
          <div className="space-y-2">
            <Label htmlFor={`${p}-model`}>Default model</Label>
            <Input
              id={`${p}-model`}
              value={model}
              onChange={(e) => setModel(e.target.value)}
              placeholder={MODEL_HINT[kind]}
              autoComplete="off"
              spellCheck={false}
              className="font-mono text-sm"
              aria-invalid={!!fields.defaultModel}
              aria-describedby={`${p}-model-help${fields.defaultModel ? ` ${p}-model-error` : ""}`}
            />
            <p id={`${p}-model-help`} className="text-sm text-muted-foreground">
              Used by steps that name no model.
            </p>
            <FieldError id={`${p}-model-error`} message={fields.defaultModel} />
          </div>
          <DialogFooter>
            <Button type="button" variant="ghost" disabled={pending} onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner /> : null}
              {provider ? "Save changes" : "Add provider"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
