import { distinctKeys } from "./variables";

// Graph's send-time components for a stored template and the values someone typed (research/
// kapso-spec.md §4.3): header text or media (by link), body parameters (with `parameter_name` for NAMED
// templates), a URL button's suffix and a copy-code button's code. Pure; the inbox picker and the
// Templates page's test send build their sends with it.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const upper = (v: unknown) => (typeof v === "string" ? v.toUpperCase() : "");
const str = (v: unknown) => (typeof v === "string" ? v : "");

export interface SendSlot {
  /** `header`, `body:<key>` or `button:<index>`. */
  id: string;
  label: string;
  kind: "text" | "image" | "video" | "document" | "url_suffix" | "coupon";
  /** The template's example for it, when it gives one. */
  example?: string;
}

function part(components: Obj[], type: string): Obj | undefined {
  return components.find((c) => upper(c.type) === type);
}

/** What a send of this template needs filled in. */
export function sendSlots(components: Obj[]): SendSlot[] {
  const slots: SendSlot[] = [];
  const header = part(components, "HEADER");
  const fmt = upper(header?.format);
  if (header && (fmt === "TEXT" || !fmt)) {
    const key = distinctKeys(str(header.text))[0];
    const ex = isObj(header.example) ? header.example : {};
    const example =
      (Array.isArray(ex.header_text) ? str(ex.header_text[0]) : "") ||
      (Array.isArray(ex.header_text_named_params) && isObj(ex.header_text_named_params[0])
        ? str(ex.header_text_named_params[0].example)
        : "");
    if (key)
      slots.push({ id: "header", label: `Header {{${key}}}`, kind: "text", example: example || undefined });
  } else if (fmt === "IMAGE" || fmt === "VIDEO" || fmt === "DOCUMENT")
    slots.push({
      id: "header",
      label: `Header ${fmt.toLowerCase()} (https link)`,
      kind: fmt.toLowerCase() as "image",
    });
  const body = part(components, "BODY");
  const bex = isObj(body?.example) ? body.example : {};
  const positional = Array.isArray(bex.body_text) && Array.isArray(bex.body_text[0]) ? bex.body_text[0] : [];
  const named = new Map(
    (Array.isArray(bex.body_text_named_params) ? bex.body_text_named_params : [])
      .filter(isObj)
      .map((g) => [str(g.param_name), str(g.example)]),
  );
  for (const [i, k] of distinctKeys(str(body?.text)).entries())
    slots.push({
      id: `body:${k}`,
      label: `Body {{${k}}}`,
      kind: "text",
      example: named.get(k) || str(positional[i]) || undefined,
    });
  const buttons = Array.isArray(part(components, "BUTTONS")?.buttons)
    ? (part(components, "BUTTONS")!.buttons as unknown[])
    : [];
  buttons.filter(isObj).forEach((b, i) => {
    const type = upper(b.type);
    if (type === "URL" && /\{\{[^{}]*\}\}$/.test(str(b.url))) {
      const full = Array.isArray(b.example) ? str(b.example[0]) : "";
      const prefix = str(b.url).replace(/\{\{[^{}]*\}\}$/, "");
      slots.push({
        id: `button:${i}`,
        label: `${str(b.text) || "URL"} button: end of ${prefix}`,
        kind: "url_suffix",
        example: full.startsWith(prefix) ? full.slice(prefix.length) || undefined : undefined,
      });
    } else if (type === "COPY_CODE") {
      const ex = Array.isArray(b.example) ? str(b.example[0]) : str(b.example);
      slots.push({ id: `button:${i}`, label: "Offer code", kind: "coupon", example: ex || undefined });
    }
  });
  return slots;
}

/** Graph's `template.components` for a send, from the values keyed by slot id. */
export function sendComponents(
  components: Obj[],
  parameterFormat: string | null,
  values: Record<string, string>,
): Obj[] {
  const out: Obj[] = [];
  const named = upper(parameterFormat) === "NAMED";
  const slots = sendSlots(components);
  const header = slots.find((s) => s.id === "header");
  if (header) {
    const v = values.header ?? "";
    const headerKey = distinctKeys(str(part(components, "HEADER")?.text))[0];
    out.push({
      type: "header",
      parameters: [
        header.kind === "text"
          ? { type: "text", text: v, ...(named && headerKey ? { parameter_name: headerKey } : {}) }
          : { type: header.kind, [header.kind]: { link: v } },
      ],
    });
  }
  const bodySlots = slots.filter((s) => s.id.startsWith("body:"));
  if (bodySlots.length > 0)
    out.push({
      type: "body",
      parameters: bodySlots.map((s) => ({
        type: "text",
        text: values[s.id] ?? "",
        ...(named ? { parameter_name: s.id.slice(5) } : {}),
      })),
    });
  for (const s of slots.filter((x) => x.id.startsWith("button:")))
    out.push({
      type: "button",
      sub_type: s.kind === "coupon" ? "copy_code" : "url",
      index: s.id.slice(7),
      parameters: [
        s.kind === "coupon"
          ? { type: "coupon_code", coupon_code: values[s.id] ?? "" }
          : { type: "text", text: values[s.id] ?? "" },
      ],
    });
  return out;
}
