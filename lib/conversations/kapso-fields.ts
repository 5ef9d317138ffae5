// `fields=kapso(...)` on message reads: kapso() omits the block, kapso(*) or kapso(all) gives every
// field, kapso(a,b) a selection; without the parameter the default set is returned.
export const KAPSO_FIELDS = [
  "direction",
  "status",
  "processing_status",
  "phone_number",
  "has_media",
  "media_data",
  "media_url",
  "whatsapp_conversation_id",
  "contact_name",
  "message_type_data",
  "content",
  "flow_response",
  "flow_token",
  "flow_name",
  "order_text",
] as const;
export type KapsoField = (typeof KAPSO_FIELDS)[number];
const DEFAULT: KapsoField[] = [
  "direction",
  "status",
  "processing_status",
  "phone_number",
  "has_media",
  "media_url",
  "whatsapp_conversation_id",
  "contact_name",
  "content",
];

export function parseKapsoFields(fields: string | null): Set<KapsoField> {
  const m = fields ? /kapso\(([^)]*)\)/.exec(fields) : null;
  if (!m) return new Set(DEFAULT);
  const inner = (m[1] ?? "").trim();
  if (inner === "") return new Set();
  if (inner === "*" || inner === "all") return new Set(KAPSO_FIELDS);
  return new Set(
    inner
      .split(",")
      .map((s) => s.trim())
      .filter((s): s is KapsoField => (KAPSO_FIELDS as readonly string[]).includes(s)),
  );
}
