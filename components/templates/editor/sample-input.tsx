"use client";

import { Upload } from "lucide-react";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { type EditorKit, Field, SAMPLE_ACCEPT } from "./kit";

/** A media header's sample for Meta's review, sent through the resumable upload as soon as it is chosen. */
export function SampleInput({
  k,
  field,
  target,
  format,
  fileName,
  label = "Sample for review",
  onUploaded,
}: {
  k: EditorKit;
  /** The field its problems are shown on (`header-sample`, `card-<i>-sample`). */
  field: string;
  /** The upload's identity while it runs. */
  target: string;
  format: string;
  fileName: string;
  label?: string;
  onUploaded(handle: string, file: File): void;
}) {
  const busy = k.uploading === target;
  return (
    <Field
      id={k.fid(field)}
      label={label}
      problems={k.problems(field)}
      hint={
        fileName
          ? `Uploaded: ${fileName}`
          : "Meta reviews the template with this sample (JPG/PNG ≤ 5 MB, MP4 ≤ 16 MB, PDF)."
      }
    >
      <div className="flex items-center gap-2">
        <Input
          {...k.input(field)}
          type="file"
          accept={SAMPLE_ACCEPT[format]}
          disabled={k.uploading !== null}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            const handle = await k.upload(target, file);
            if (handle) onUploaded(handle, file);
          }}
        />
        {busy ? <Spinner /> : <Upload className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />}
      </div>
    </Field>
  );
}
