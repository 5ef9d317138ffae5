import {
  type Collector,
  checkExamples,
  checkVariables,
  LIMITS,
  maxLength,
  n,
  type Obj,
  str,
} from "./rules-core";
import type { ParameterFormat } from "./variables";

// A body's rules (a template's, or a carousel card's with its shorter limit) and a footer's.

export function checkBody(
  p: Collector,
  path: string,
  b: Obj,
  format: ParameterFormat,
  max: number,
  what: string,
) {
  const text = str(b.text);
  if (text.trim() === "") {
    p.error(`${path}.text`, "body.required", `${what} text is required.`);
    return;
  }
  if (text.length > max)
    p.error(
      `${path}.text`,
      "body.length",
      `${what} text is at most ${n(max)} characters (${n(text.length)} now).`,
    );
  const keys = checkVariables(p, `${path}.text`, text, format);
  checkExamples(p, path, b, keys, "body", format);
  const t = text.trim();
  if (/^\{\{[^{}]*\}\}/.test(t) || /\{\{[^{}]*\}\}[.!?]?$/.test(t))
    p.warn(
      `${path}.text`,
      "body.edge_variable",
      `${what} text should not start or end with a variable: Meta rejects that in review.`,
    );
  if (/\{\{[^{}]*\}\}\s*\{\{[^{}]*\}\}/.test(t))
    p.warn(
      `${path}.text`,
      "body.adjacent_variables",
      "Two variables side by side: put words between them (Meta rejects that in review).",
    );
}

export function checkFooter(p: Collector, footer: Obj) {
  const text = str(footer.text);
  if (text.trim() === "")
    p.error("components.FOOTER.text", "footer.required", "Write the footer text, or remove the footer.");
  maxLength(p, "components.FOOTER.text", "footer.length", text, LIMITS.footer, "Footer text");
  if (/\{\{/.test(text))
    p.error("components.FOOTER.text", "footer.variables", "Footer text takes no variables.");
}
