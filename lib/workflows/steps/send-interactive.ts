import { z } from "zod";
import { asArray, clip, type OutputHandle, optionalText, required, type StepSpec, str } from "./types";

export const MAX_BUTTONS = 3;
export const BUTTON_TITLE_MAX = 20;
export const LIST_ROWS_MAX = 10;
export const LIST_SECTIONS_MAX = 10;

const interactiveButton = z.object({
  id: required("Button id", 256),
  title: required("Button title", BUTTON_TITLE_MAX),
});
export type InteractiveButton = z.infer<typeof interactiveButton>;
const listRow = z.object({
  id: required("Row id", 200),
  title: required("Row title", 24),
  description: optionalText("Row description", 72),
});
const listSection = z.object({
  title: optionalText("Section title", 24),
  rows: z.array(listRow),
});
export const INTERACTIVE_TYPES = [
  "button",
  "list",
  "cta_url",
  "flow",
  "product",
  "product_list",
  "catalog_message",
  "location_request_message",
] as const;

const schema = z
  .looseObject({
    interactive_type: z.enum(INTERACTIVE_TYPES, { error: "Type is required" }),
    body_text: required("Body", 1024),
    header_type: z.enum(["none", "text", "image", "video", "document"]).optional(),
    header_text: optionalText("Header text", 60),
    header_media_url: z.string().optional(),
    footer_text: optionalText("Footer", 60),
    buttons: z.array(interactiveButton).max(MAX_BUTTONS, `Buttons: at most ${MAX_BUTTONS}`).optional(),
    list_button_text: optionalText("List button text", 20),
    list_sections: z
      .array(listSection)
      .max(LIST_SECTIONS_MAX, `List: at most ${LIST_SECTIONS_MAX} sections`)
      .optional(),
    cta_display_text: optionalText("Button text", 20),
    cta_url: z.string().optional(),
    flow_id: z.string().optional(),
    flow_cta: optionalText("Flow button text", 20),
    to_phone_number: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    const need = (ok: boolean, path: string, message: string) => {
      if (!ok) ctx.addIssue({ code: "custom", path: [path], message });
    };
    if (c.interactive_type === "button") {
      need((c.buttons?.length ?? 0) > 0, "buttons", "Buttons: add at least one button");
      const ids = (c.buttons ?? []).map((b) => b.id);
      need(new Set(ids).size === ids.length, "buttons", "Buttons: ids must be unique");
    }
    if (c.interactive_type === "list") {
      const rows = (c.list_sections ?? []).flatMap((s) => s.rows);
      need(rows.length > 0, "list_sections", "Rows: add at least one row");
      need(rows.length <= LIST_ROWS_MAX, "list_sections", `Rows: at most ${LIST_ROWS_MAX} in total`);
      need(new Set(rows.map((r) => r.id)).size === rows.length, "list_sections", "Rows: ids must be unique");
      need(!!c.list_button_text?.trim(), "list_button_text", "List button text is required");
    }
    if (c.interactive_type === "cta_url") {
      need(!!c.cta_display_text?.trim(), "cta_display_text", "Button text is required");
      need(/^https?:\/\//.test(c.cta_url ?? ""), "cta_url", "URL must start with http:// or https://");
    }
    if (c.interactive_type === "flow") need(!!c.flow_id?.trim(), "flow_id", "Flow ID is required");
    if (c.header_type === "text") need(!!c.header_text?.trim(), "header_text", "Header text is required");
    if (c.header_type === "image" || c.header_type === "video" || c.header_type === "document") {
      need(!!c.header_media_url?.trim(), "header_media_url", "Header media URL is required");
    }
  });

/** What the type select shows (Meta's ids are not words). */
export const INTERACTIVE_TYPE_LABELS: Record<string, string> = {
  button: "Reply buttons",
  list: "List",
  cta_url: "Link button",
  flow: "WhatsApp Flow",
  location_request_message: "Location request",
};

export const sendInteractive: StepSpec = {
  label: "Send interactive",
  hint: "Buttons, lists, links",
  category: "message",
  addable: true,
  schema,
  fields: {
    interactive_type: "Type",
    body_text: "Body",
    header_type: "Header",
    buttons: "Buttons",
    list_sections: "Rows",
    cta_url: "URL",
  },
  defaults: () => ({
    interactive_type: "button",
    body_text: "",
    buttons: [
      { id: "btn_1", title: "Yes" },
      { id: "btn_2", title: "No" },
    ],
  }),
  outputs: (c): OutputHandle[] => {
    if (c.interactive_type === "button") {
      return asArray(c.buttons).map((b, i) => ({
        id: str(b.id) || `button_${i + 1}`,
        label: str(b.title) || `button ${i + 1}`,
      }));
    }
    if (c.interactive_type === "list") {
      return asArray(c.list_sections)
        .flatMap((s) => asArray(s.rows))
        .map((r, i) => ({ id: str(r.id) || `row_${i + 1}`, label: str(r.title) || `row ${i + 1}` }));
    }
    return [{ id: "next", label: "next" }];
  },
  summary: (c) =>
    clip(str(c.body_text)) || `${INTERACTIVE_TYPE_LABELS[str(c.interactive_type)] ?? "Interactive"} message`,
  // Buttons and lists park the run until the contact picks one.
  waitsForContact: (c) => c.interactive_type === "button" || c.interactive_type === "list",
  async execute(c, ctx) {
    // The link button's URL like the HTTP step's: each {{…}} value stays one path segment or query value,
    // so a value cannot send whoever taps it to another page or host.
    const rendered = {
      ...ctx.renderDeep(c),
      ...(str(c.cta_url) ? { cta_url: ctx.renderUrl(str(c.cta_url)) } : {}),
    };
    const built = interactiveMessage(rendered);
    if ("error" in built) return { kind: "fail", error: built.error };
    const sent = await ctx.send({
      type: "interactive",
      content: built.message,
      toPhoneNumber: ctx.render(str(c.to_phone_number)).trim() || undefined,
      phoneNumberId: str(c.phone_number_id) || undefined,
    });
    // A message the customer answers by picking parks the run; the others carry on.
    if (sendInteractive.waitsForContact?.(c) && sent.outcome !== "skipped")
      return { kind: "wait", timeoutSeconds: null, detail: { ...sent } };
    return { kind: "next", detail: { ...sent } };
  },
  resume: (c, r) => {
    const outputs = sendInteractive.outputs(c);
    const input = r.input;
    const picked =
      outputs.find((o) => input?.choiceId && o.id === input.choiceId) ??
      outputs.find((o) => input && o.label.trim().toLowerCase() === input.text.trim().toLowerCase()) ??
      outputs[0];
    return { output: picked?.id ?? "next" };
  },
};

/** Meta's `interactive` object for the step's config (already rendered), within Meta's limits. */
export function interactiveMessage(
  c: Record<string, unknown>,
): { message: Record<string, unknown> } | { error: string } {
  const type = str(c.interactive_type);
  const body = { text: str(c.body_text).slice(0, 1024) };
  if (!body.text.trim()) return { error: "Body: empty once its variables were filled in" };
  const headerType = str(c.header_type);
  const header =
    headerType === "text"
      ? { type: "text", text: str(c.header_text).slice(0, 60) }
      : ["image", "video", "document"].includes(headerType)
        ? { type: headerType, [headerType]: { link: str(c.header_media_url) } }
        : undefined;
  const footer = str(c.footer_text) ? { text: str(c.footer_text).slice(0, 60) } : undefined;
  const common = { body, ...(header ? { header } : {}), ...(footer ? { footer } : {}) };
  switch (type) {
    case "button": {
      const buttons = asArray(c.buttons).slice(0, MAX_BUTTONS);
      if (buttons.length === 0) return { error: "Buttons: add at least one button" };
      return {
        message: {
          type: "button",
          ...common,
          action: {
            buttons: buttons.map((b) => ({
              type: "reply",
              reply: { id: str(b.id), title: str(b.title).slice(0, BUTTON_TITLE_MAX) },
            })),
          },
        },
      };
    }
    case "list": {
      const sections = asArray(c.list_sections)
        .slice(0, LIST_SECTIONS_MAX)
        .map((sec) => ({
          ...(str(sec.title) ? { title: str(sec.title).slice(0, 24) } : {}),
          rows: asArray(sec.rows).map((r) => ({
            id: str(r.id),
            title: str(r.title).slice(0, 24),
            ...(str(r.description) ? { description: str(r.description).slice(0, 72) } : {}),
          })),
        }));
      const rows = sections.reduce((n, sec) => n + sec.rows.length, 0);
      if (rows === 0 || rows > LIST_ROWS_MAX)
        return { error: `Rows: between 1 and ${LIST_ROWS_MAX} in total` };
      return {
        message: {
          type: "list",
          ...common,
          action: { button: str(c.list_button_text).slice(0, 20) || "Choose", sections },
        },
      };
    }
    case "cta_url": {
      const url = str(c.cta_url);
      if (!/^https?:\/\//.test(url)) return { error: "URL must start with http:// or https://" };
      return {
        message: {
          type: "cta_url",
          ...common,
          action: {
            name: "cta_url",
            parameters: { display_text: str(c.cta_display_text).slice(0, 20), url },
          },
        },
      };
    }
    case "location_request_message":
      return { message: { type: "location_request_message", body, action: { name: "send_location" } } };
    default:
      return {
        error: `Type: ${INTERACTIVE_TYPE_LABELS[type] ?? type} messages are not sent by this version's engine`,
      };
  }
}
