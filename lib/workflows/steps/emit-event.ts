import { z } from "zod";
import { clip, nextOutput, type StepSpec, str } from "./types";

// Kapso's emit_event step (kapso-spec §3.2, §3.6): a project event (`project.event`, as POST
// /platform/v1/events sends) with the same name and property rules, emitted with the step's transition
// (once, even across a kill -9), for webhooks and workflows to react to.

const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const MAX_PROPERTIES = 25;

/** At most `max` bytes of UTF-8, cut at a character boundary. */
function clipBytes(s: string, max: number): string {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length <= max) return s;
  return new TextDecoder().decode(bytes.slice(0, max)).replace(/\uFFFD$/, "");
}

export const emitEvent: StepSpec = {
  label: "Emit event",
  hint: "Emit a project event",
  category: "integration",
  addable: true,
  schema: z.looseObject({
    event_name: z
      .string({ error: "Event name is required" })
      .trim()
      .min(1, "Event name is required")
      .max(128, "Event name can be at most 128 characters")
      .regex(
        EVENT_NAME,
        "Event name: lowercase words of letters, digits and _ joined by dots (order.shipped)",
      ),
    occurred_at: z.string().max(200).optional(),
    properties: z
      .record(z.string().min(1).max(64, "Property names are at most 64 characters"), z.unknown(), {
        error: "Properties must be an object",
      })
      .refine((p) => Object.keys(p).length <= MAX_PROPERTIES, `At most ${MAX_PROPERTIES} properties`)
      .optional(),
  }),
  fields: { event_name: "Event name", occurred_at: "Occurred at", properties: "Properties" },
  defaults: () => ({ event_name: "", properties: {} }),
  outputs: nextOutput,
  summary: (c) => clip(str(c.event_name)) || "No event name yet",
  async execute(c, ctx) {
    const name = str(c.event_name).trim();
    // Property values may use variables; strings over Kapso's 1,024 bytes are cut there.
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((c.properties ?? {}) as Record<string, unknown>)) {
      const value = typeof v === "string" ? ctx.render(v) : v;
      properties[k] = typeof value === "string" ? clipBytes(value, 1024) : (value ?? null);
    }
    const at = ctx.render(str(c.occurred_at)).trim();
    const occurredAt = at ? new Date(at) : new Date();
    if (Number.isNaN(occurredAt.getTime()))
      return { kind: "fail", error: `Occurred at: "${clip(at, 60)}" is not a date and time` };
    return {
      kind: "next",
      projectEvent: { name, occurredAt: occurredAt.toISOString(), properties },
      detail: { event_name: name },
    };
  },
};
