import { z } from "zod";

// Just enough structure to route a webhook; everything else is kept exactly as Meta sent it.
const change = z
  .object({ field: z.string(), value: z.record(z.string(), z.unknown()).default({}) })
  .passthrough();
const entry = z
  .object({ id: z.string().optional(), time: z.unknown().optional(), changes: z.array(change).default([]) })
  .passthrough();
export const envelopeSchema = z
  .object({ object: z.string().optional(), entry: z.array(entry).default([]) })
  .passthrough();
export type Envelope = z.infer<typeof envelopeSchema>;

export function metaPhoneNumberIds(e: Envelope): string[] {
  const ids = new Set<string>();
  for (const en of e.entry)
    for (const c of en.changes) {
      const id = (c.value.metadata as { phone_number_id?: unknown } | undefined)?.phone_number_id;
      if (typeof id === "string" && id) ids.add(id);
    }
  return [...ids];
}

export function wabaIds(e: Envelope): string[] {
  return [...new Set(e.entry.map((en) => en.id).filter((id): id is string => !!id))];
}
