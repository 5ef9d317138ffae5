"use client";

import { Input } from "@/components/ui/input";
import type { HeaderFormat } from "@/lib/templates/editor-state";
import { LIMITS } from "@/lib/templates/rules";
import { distinctKeys } from "@/lib/templates/variables";
import { NativeSelect } from "../native-select";
import { ExampleField } from "./body-section";
import { type EditorKit, Field, Section } from "./kit";
import { SampleInput } from "./sample-input";

/** None, a text with one variable, a media header with its sample, or a location. */
export function HeaderSection({ k, onSample }: { k: EditorKit; onSample(file: File): void }) {
  const { s, update, input, fid, problems } = k;
  const headerProblems = problems("header");
  return (
    <Section title="Header">
      <Field
        id={fid("header-format")}
        label="Header"
        problems={headerProblems?.filter((p) => p.path.endsWith("format"))}
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
            problems={headerProblems?.filter((p) => !p.path.endsWith("format"))}
          >
            <Input
              {...input("header")}
              value={s.headerText}
              onChange={(e) => update({ headerText: e.target.value })}
            />
          </Field>
          {distinctKeys(s.headerText)
            .slice(0, 1)
            .map((key) => (
              <ExampleField
                key={key}
                k={k}
                field={`example:header:${key}`}
                varKey={key}
                value={s.examples[`header:${key}`] ?? ""}
                onChange={(v) => update({ examples: { ...s.examples, [`header:${key}`]: v } })}
              />
            ))}
        </>
      ) : null}
      {["IMAGE", "VIDEO", "DOCUMENT"].includes(s.headerFormat) ? (
        <SampleInput
          k={k}
          field="header-sample"
          target="header"
          format={s.headerFormat}
          fileName={s.headerFileName}
          onUploaded={(handle, file) => {
            update({ headerHandle: handle, headerFileName: file.name });
            onSample(file);
          }}
        />
      ) : null}
    </Section>
  );
}
