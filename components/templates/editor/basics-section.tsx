"use client";

import { Input } from "@/components/ui/input";
import type { EditorState } from "@/lib/templates/editor-state";
import { LIMITS } from "@/lib/templates/rules";
import { NativeSelect } from "../native-select";
import { type EditorKit, Field, Section } from "./kit";

const LANGUAGES = ["en_US", "en_GB", "en", "es", "es_MX", "pt_BR", "fr", "de", "it", "nl", "id", "hi", "ar"];

/** Name, language, category and parameter format. */
export function BasicsSection({ k }: { k: EditorKit }) {
  const { s, update, input, fid, problems, editing } = k;
  return (
    <Section title="Template">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={fid("name")}
          label="Name"
          counter={[s.name.length, LIMITS.name]}
          problems={problems("name")}
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
        <Field id={fid("language")} label="Language" problems={problems("language")}>
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
        <Field id={fid("category")} label="Category" problems={problems("category")}>
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
        {s.category !== "AUTHENTICATION" ? (
          <Field
            id={fid("parameter_format")}
            label="Variables"
            problems={problems("parameter_format")}
            hint={s.parameterFormat === "NAMED" ? "Named: {{first_name}}" : "Numbered: {{1}}, {{2}}…"}
          >
            <NativeSelect
              {...input("parameter_format")}
              className="w-full"
              value={s.parameterFormat}
              disabled={!!editing}
              onChange={(e) => update({ parameterFormat: e.target.value as EditorState["parameterFormat"] })}
            >
              <option value="POSITIONAL">Numbered (positional)</option>
              <option value="NAMED">Named</option>
            </NativeSelect>
          </Field>
        ) : null}
      </div>
    </Section>
  );
}
