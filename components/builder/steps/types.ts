import type { ComponentType } from "react";
import type { FieldProps } from "../fields";

export type StepFormProps = { f: FieldProps };
export type StepForm = ComponentType<StepFormProps>;
