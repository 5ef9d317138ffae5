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
};
