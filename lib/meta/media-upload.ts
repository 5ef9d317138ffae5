import { GraphApiError } from "@kapso/whatsapp-cloud-api";
import { AppError } from "@/lib/errors";
import { clientFor, GraphError, type GraphNumber } from "./client";
import { explainGraphError } from "./errors";

/**
 * Uploads a file for a number: `POST /{phone_number_id}/media`, multipart, as Meta takes it (the sandbox
 * takes the same request). Answers the media id; a refusal is a GraphError with Meta's explanation.
 */
export async function uploadMediaToGraph(
  number: GraphNumber,
  file: { bytes: Uint8Array; mimeType: string; filename: string },
): Promise<string> {
  const form = new FormData();
  form.set("messaging_product", "whatsapp");
  form.set("type", file.mimeType);
  form.set("file", new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.filename);
  // graph() sends JSON only; the multipart upload goes through the same SDK client and error mapping.
  const res = await clientFor(number).request("POST", `${number.phoneNumberId}/media`, { body: form });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  if (!res.ok)
    throw new GraphError(
      { id: number.id, phoneNumberId: number.phoneNumberId },
      explainGraphError(GraphApiError.fromResponse(res, json, text)),
      json,
    );
  const id = (json as { id?: unknown } | null)?.id;
  if (typeof id !== "string" || !/^[\w.-]{1,128}$/.test(id))
    throw new AppError("unavailable", "WhatsApp accepted the file but returned no usable media id.");
  return id;
}
