"use client";

import { useBuilderContext } from "../builder-context";
import { TemplateFields } from "../template-fields";
import type { StepFormProps } from "./types";

export function SendTemplateForm({ f }: StepFormProps) {
  const { data } = useBuilderContext();
  return <TemplateFields f={f} numbers={data.numbers} templates={data.templates} />;
}
