import { INTERACTIVE_TYPE_LABELS } from "@/lib/workflows/steps/send-interactive";
import { ListField, SelectField, TextField } from "../fields";
import type { StepFormProps } from "./types";

const TYPES = ["button", "list", "cta_url", "flow", "location_request_message"].map((value) => ({
  value,
  label: INTERACTIVE_TYPE_LABELS[value] ?? value,
}));
const HEADERS = [
  { value: "none", label: "None" },
  { value: "text", label: "Text" },
  { value: "image", label: "Image" },
  { value: "video", label: "Video" },
  { value: "document", label: "Document" },
];

export function SendInteractiveForm({ f }: StepFormProps) {
  const kind = typeof f.config.interactive_type === "string" ? f.config.interactive_type : "button";
  return (
    <>
      <SelectField f={f} name="interactive_type" label="Type" options={TYPES} />
      <SelectField f={f} name="header_type" label="Header" options={HEADERS} />
      {f.config.header_type === "text" && <TextField f={f} name="header_text" label="Header text" />}
      {["image", "video", "document"].includes(String(f.config.header_type)) && (
        <TextField f={f} name="header_media_url" label="Header media URL" />
      )}
      <TextField f={f} name="body_text" label="Body" multiline />
      <TextField f={f} name="footer_text" label="Footer" />
      {kind === "button" && (
        <ListField
          f={f}
          name="buttons"
          label="Buttons (max 3, 20 characters)"
          itemLabel="button"
          prefix="btn"
          max={3}
          textKey="title"
        />
      )}
      {kind === "list" && (
        <>
          <TextField f={f} name="list_button_text" label="List button text" vars={false} />
          <ListField
            f={{
              ...f,
              config: {
                rows: (f.config.list_sections as { rows?: unknown[] }[] | undefined)?.[0]?.rows ?? [],
              },
              set: (_, rows) => f.set("list_sections", [{ title: "", rows }]),
            }}
            name="rows"
            label="Rows (max 10)"
            itemLabel="row"
            prefix="row"
            max={10}
            textKey="title"
            extraKey="description"
          />
          {f.errors.list_sections && <p className="text-xs text-destructive">{f.errors.list_sections}</p>}
        </>
      )}
      {kind === "cta_url" && (
        <>
          <TextField f={f} name="cta_display_text" label="Button text" vars={false} />
          <TextField
            f={f}
            name="cta_url"
            label="URL"
            hint="Starts with https://; each {{…}} value is URL-encoded, so it stays one path segment or query value"
          />
        </>
      )}
      {kind === "flow" && <TextField f={f} name="flow_id" label="Flow ID" vars={false} />}
    </>
  );
}
