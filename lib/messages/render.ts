type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === "object" && v !== null ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * The distinct placeholders of a template text: positional ones (`{{1}}`) in numeric order, named ones
 * (`{{first_name}}`) in order of appearance.
 */
export function templatePlaceholders(text: unknown): string[] {
  const keys = [...new Set([...String(text ?? "").matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
  return keys.every((k) => /^\d+$/.test(k)) ? keys.sort((a, b) => Number(a) - Number(b)) : keys;
}

/** Fills a template text's placeholders; one without a value stays as written. */
export function fillPlaceholders(text: unknown, value: (key: string) => string | undefined): string {
  return String(text ?? "").replace(PLACEHOLDER, (_, k: string) => value(k) ?? `{{${k}}}`);
}

/** A template as stored (Meta's shape): what a send is rendered against. */
export interface TemplateDefinition {
  name: string;
  language: string;
  components: Record<string, unknown>[];
}

/** A template send rendered with its parameters, the way the customer's phone shows it. */
export function renderTemplate(payload: Obj, templates: TemplateDefinition[]) {
  const t = obj(payload.template);
  const lang = typeof t.language === "string" ? t.language : String(obj(t.language).code ?? "");
  const def = templates.find((d) => d.name === t.name && d.language === lang);
  const sent = arr(t.components);
  const params = (type: string) =>
    arr(sent.find((c) => String(c.type).toLowerCase() === type)?.parameters).map((p) =>
      String(p.text ?? p.payload ?? obj(p.currency).fallback_value ?? obj(p.date_time).fallback_value ?? ""),
    );
  // NAMED templates send `parameter_name` with each value; positional ones are matched by order.
  const named = (type: string) =>
    new Map(
      arr(sent.find((c) => String(c.type).toLowerCase() === type)?.parameters)
        .filter((p) => typeof p.parameter_name === "string")
        .map((p) => [String(p.parameter_name), String(p.text ?? "")]),
    );
  const fill = (text: unknown, values: string[], byName?: Map<string, string>) =>
    fillPlaceholders(text, (k) => byName?.get(k) ?? values[Number(k) - 1]);
  const comp = (type: string) => def?.components.find((c) => String(c.type).toUpperCase() === type);
  const header = comp("HEADER");
  return {
    name: String(t.name ?? ""),
    header:
      header && (header.format === "TEXT" || !header.format)
        ? fill(header.text, params("header"), named("header"))
        : header
          ? `[${String(header.format).toLowerCase()}]`
          : null,
    body: def
      ? fill(comp("BODY")?.text, params("body"), named("body"))
      : `Template ${String(t.name)} (${lang})`,
    footer: comp("FOOTER")?.text ? String(comp("FOOTER")?.text) : null,
    buttons: arr(comp("BUTTONS")?.buttons).map((b, index) => ({
      type: String(b.type),
      text: String(b.text ?? ""),
      url: typeof b.url === "string" ? b.url : null,
      payload: String(
        arr(
          sent.find((c) => String(c.type).toLowerCase() === "button" && String(c.index) === String(index))
            ?.parameters,
        )[0]?.payload ??
          b.text ??
          "",
      ),
    })),
  };
}

/** One-line text of any message, for reply quotes and previews. */
export function previewText(m: { type: string; payload: Obj } | undefined): string {
  if (!m) return "Message";
  const p = m.payload;
  const body = obj(p[m.type]);
  switch (m.type) {
    case "text":
      return String(body.body ?? "");
    case "image":
    case "video":
    case "document":
    case "audio":
    case "sticker":
      // Words, not emoji: previews must read right on machines without an emoji font.
      return `${{ image: "Photo", video: "Video", document: "Document", audio: "Audio", sticker: "Sticker" }[m.type]}${body.caption ? `: ${String(body.caption)}` : ""}`;
    case "location":
      return body.name ? `Location: ${String(body.name)}` : "Location";
    case "interactive": {
      const reply = obj(body.button_reply ?? body.list_reply);
      return String(reply.title ?? obj(body.body).text ?? "Interactive message");
    }
    case "button":
      return String(body.text ?? "");
    case "template":
      return `Template: ${String(obj(p.template).name ?? "")}`;
    case "reaction":
      return `Reacted ${String(body.emoji ?? "(removed)")}`;
    case "unsupported":
      return "Unsupported message";
    case "system":
      return String(body.body ?? "System message");
    default:
      return m.type;
  }
}
