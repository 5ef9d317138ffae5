import {
  type Collector,
  checkExamples,
  checkVariables,
  HEADER_FORMATS,
  isObj,
  LIMITS,
  maxLength,
  type Obj,
  str,
  upper,
} from "./rules-core";
import type { ParameterFormat } from "./variables";

// A header's rules: its format, a text's length, line, formatting and single variable, a media sample.

export function checkHeader(
  p: Collector,
  path: string,
  h: Obj,
  category: string,
  format: ParameterFormat,
  inCard = false,
) {
  const fmt = upper(h.format);
  const allowed = inCard ? ["IMAGE", "VIDEO"] : HEADER_FORMATS;
  if (!(allowed as readonly string[]).includes(fmt)) {
    p.error(
      `${path}.format`,
      "header.format",
      inCard
        ? "A card's header is an image or a video."
        : "The header is none, text, image, video, document or location.",
    );
    return;
  }
  if (fmt === "TEXT") {
    const text = str(h.text);
    if (text.trim() === "")
      p.error(`${path}.text`, "header.text.required", "Write the header text, or choose no header.");
    maxLength(p, `${path}.text`, "header.text.length", text, LIMITS.headerText, "Header text");
    if (/[\n\r]/.test(text)) p.error(`${path}.text`, "header.text.newline", "Header text is a single line.");
    if (/[*_~`]/.test(text))
      p.error(`${path}.text`, "header.text.format", "Header text takes no formatting (* _ ~ `).");
    const keys = checkVariables(p, `${path}.text`, text, format);
    if (keys.length > 1)
      p.error(
        `${path}.text`,
        "header.text.variables",
        `Header text takes at most one variable (${keys.length} now).`,
      );
    else checkExamples(p, path, h, keys, "header", format);
    return;
  }
  if (fmt === "LOCATION") {
    if (category === "AUTHENTICATION")
      p.error(
        `${path}.format`,
        "header.location.category",
        "A location header is for marketing and utility templates.",
      );
    return;
  }
  const example = isObj(h.example) ? h.example : {};
  const handle = Array.isArray(example.header_handle) ? example.header_handle[0] : undefined;
  if (typeof handle !== "string" || handle.trim() === "")
    p.error(
      `${path}.example.header_handle`,
      "header.media.sample",
      `Upload a sample ${fmt.toLowerCase()}: Meta reviews the template with it (resumable upload handle).`,
    );
}
