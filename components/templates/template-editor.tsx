"use client";

import { useRouter } from "next/navigation";
import { useId, useMemo, useState, useTransition } from "react";
import { toast } from "sonner";
import { editTemplateAction, submitTemplateAction } from "@/lib/templates/actions";
import { type EditorState, problemsByField, toPayload } from "@/lib/templates/editor-state";
import { previewTemplate } from "@/lib/templates/preview";
import { checkTemplate } from "@/lib/templates/rules";
import { AuthSection } from "./editor/auth-section";
import { BasicsSection } from "./editor/basics-section";
import { BodySection } from "./editor/body-section";
import { ButtonsSection } from "./editor/buttons-section";
import { CarouselSection } from "./editor/carousel-section";
import { HeaderSection } from "./editor/header-section";
import type { EditorKit } from "./editor/kit";
import { FooterSection, OfferSection } from "./editor/offer-footer-sections";
import { PreviewPanel } from "./editor/preview-panel";

// The template editor: one section component per field group (components/templates/editor/), the form
// state and its payload in lib/templates/editor-state.ts, Meta's rules in lib/templates/rules.ts.

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
  /** Local object URLs of chosen image samples, by target (`header`, a card's key), for the preview. */
  const [media, setMedia] = useState<Record<string, string>>({});
  const [uploading, setUploading] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  // A new template opens blank: its rule messages show from the first change, not as a wall of red.
  const [touched, setTouched] = useState(!!editing);

  // Every keystroke: the payload, the rule module's verdict and the preview (bench/templates.ts).
  const payload = useMemo(() => toPayload(s), [s]);
  const problems = useMemo(() => checkTemplate(payload), [payload]);
  const preview = useMemo(() => previewTemplate(payload), [payload]);
  const byField = useMemo(
    () => (touched ? problemsByField(problems, s) : new Map<string, typeof problems>()),
    [touched, problems, s],
  );
  const errors = problems.filter((p) => p.severity === "error");

  const fid = (f: string) => `${uid}-${f.replace(/[^\w-]/g, "_")}`;
  const kit: EditorKit = {
    s,
    update: (patch) => {
      setTouched(true);
      setS((v) => ({ ...v, ...patch }));
    },
    problems: (f) => byField.get(f),
    fid,
    input: (f) => ({
      id: fid(f),
      "aria-invalid": (byField.get(f) ?? []).some((p) => p.severity === "error") ? true : undefined,
      "aria-describedby": byField.get(f)?.length ? `${fid(f)}-problems` : undefined,
    }),
    async upload(target, file) {
      setUploading(target);
      try {
        const form = new FormData();
        form.set("file", file);
        const res = await fetch(`/api/projects/${projectId}/uploads?waba=${wabaId}`, {
          method: "POST",
          body: form,
        });
        const json = (await res.json()) as { handle?: string; error?: string };
        if (!res.ok || !json.handle) throw new Error(json.error ?? "The upload failed.");
        toast.success("Sample uploaded to WhatsApp.");
        return json.handle;
      } catch (e) {
        toast.error((e as Error).message);
        return null;
      } finally {
        setUploading(null);
      }
    },
    uploading,
    editing,
  };
  const showSample = (target: string, file: File) =>
    setMedia((m) => {
      if (m[target]) URL.revokeObjectURL(m[target]);
      const next = { ...m };
      if (file.type.startsWith("image/")) next[target] = URL.createObjectURL(file);
      else delete next[target];
      return next;
    });

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

  const auth = s.category === "AUTHENTICATION";
  const carousel = !auth && s.carousel.enabled;
  return (
    <form
      className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]"
      onSubmit={(e) => {
        e.preventDefault();
        if (errors.length === 0) submit();
      }}
    >
      <div className="min-w-0 space-y-4">
        <BasicsSection k={kit} />
        {auth ? (
          <AuthSection k={kit} />
        ) : (
          <>
            {!carousel ? <HeaderSection k={kit} onSample={(f) => showSample("header", f)} /> : null}
            <BodySection k={kit} />
            {s.category === "MARKETING" && !carousel ? <OfferSection k={kit} /> : null}
            {!carousel ? <FooterSection k={kit} /> : null}
            {!carousel ? <ButtonsSection k={kit} /> : null}
            <CarouselSection k={kit} onCardSample={(key, f) => showSample(key, f)} />
          </>
        )}
      </div>
      <PreviewPanel
        preview={preview}
        mediaSrc={carousel ? undefined : media.header}
        cardMediaSrc={carousel ? s.carousel.cards.map((c) => media[c.key]) : []}
        errorCount={errors.length}
        pristine={!touched}
        serverError={serverError}
        busy={uploading !== null}
        pending={pending}
        editing={!!editing}
      />
    </form>
  );
}
