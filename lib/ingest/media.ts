import { createHash } from "node:crypto";
import { hasMedia } from "@/lib/media/data";
import { storeMediaFile } from "@/lib/media/store";
import type { InboundMessage } from "@/lib/messages/shapes";
import { clientFor, graph } from "@/lib/meta/client";
import type { NumberWithSecrets } from "@/lib/numbers/credentials";

const MB = 1024 * 1024;
/** Meta's per-type limits; nothing larger is downloaded. */
export const MEDIA_LIMITS: Record<string, number> = {
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 100 * MB,
  sticker: 500 * 1024,
};
export const MEDIA_TYPES = new Set(Object.keys(MEDIA_LIMITS));

interface MediaInfo {
  url: string;
  mime_type: string;
  sha256?: string;
  file_size?: number;
  id: string;
}

/** Downloads an inbound message's media through the Graph API and keeps it under MEDIA_DIR. */
export async function fetchInboundMedia(number: NumberWithSecrets, msg: InboundMessage): Promise<void> {
  const body = msg[msg.type] as { id?: string; filename?: string } | undefined;
  const mediaId = body?.id;
  if (!mediaId || !/^[\w.-]{1,128}$/.test(mediaId)) return;
  if (await hasMedia(number.projectId, mediaId)) return;
  const info = await graph<MediaInfo>(number, "GET", mediaId, {
    query: { phone_number_id: number.phoneNumberId },
  });
  const limit = MEDIA_LIMITS[msg.type] ?? 0;
  if ((info.file_size ?? 0) > limit)
    throw new Error(`${msg.type} ${mediaId} is ${info.file_size} bytes, over Meta's ${limit}`);
  const res = await clientFor(number).fetch(info.url);
  if (!res.ok) throw new Error(`media download answered ${res.status}`);
  const data = Buffer.from(await res.arrayBuffer());
  if (data.length > limit) throw new Error(`${msg.type} ${mediaId} is over Meta's ${limit} bytes`);
  await storeMediaFile({
    projectId: number.projectId,
    phoneNumberId: number.id,
    metaMediaId: mediaId,
    bytes: data,
    mimeType: info.mime_type,
    sha256: info.sha256 ?? createHash("sha256").update(data).digest("base64"),
    filename: body?.filename ?? null,
  });
}
