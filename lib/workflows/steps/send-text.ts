import { z } from "zod";
import { clip, nextOutput, numberIssues, required, type StepSpec, str } from "./types";

export const sendText: StepSpec = {
  label: "Send text",
  hint: "Send a text message",
  category: "message",
  addable: true,
  // Loose objects so fields we do not model yet survive a round trip.
  schema: z.looseObject({
    message: required("Message", 4096),
    delay_seconds: z
      .number({ error: "Delay must be a number" })
      .int("Delay must be whole seconds")
      .min(0, "Delay cannot be negative")
      .max(3600, "Delay can be at most 3600 seconds")
      .optional(),
    phone_number_id: z.string().optional(),
    to_phone_number: z.string().optional(),
  }),
  fields: { message: "Message", delay_seconds: "Delay", phone_number_id: "WhatsApp number" },
  defaults: () => ({ message: "" }),
  outputs: nextOutput,
  summary: (c) => clip(str(c.message)) || "No message yet",
  check: numberIssues,
  delaySeconds: (c) => (typeof c.delay_seconds === "number" && c.delay_seconds > 0 ? c.delay_seconds : 0),
  async execute(c, ctx) {
    const text = ctx.render(str(c.message)).slice(0, 4096);
    if (!text.trim()) return { kind: "fail", error: "Message: empty once its variables were filled in" };
    const sent = await ctx.send({
      type: "text",
      content: { body: text },
      toPhoneNumber: ctx.render(str(c.to_phone_number)).trim() || undefined,
      phoneNumberId: str(c.phone_number_id) || undefined,
    });
    return { kind: "next", detail: { ...sent } };
  },
};
