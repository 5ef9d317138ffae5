import { describe, expect, it } from "vitest";
import { createWebhookSchema, deliveryFilterSchema, updateWebhookSchema } from "./schema";

const message = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.success ? "ok" : `${r.error?.issues[0]?.path.join(".")}: ${r.error?.issues[0]?.message}`;

describe("webhook schemas", () => {
  it("names the real range of a number setting, whatever the wrong value (1e308 was told about 2^53)", () => {
    for (const v of [1e308, 0, 1.5, 2000, "60"])
      expect(message(updateWebhookSchema.safeParse({ inactivity_minutes: v }))).toBe(
        "inactivity_minutes: must be a whole number of minutes from 1 to 1440",
      );
    expect(message(updateWebhookSchema.safeParse({ inactivity_minutes: 1440 }))).toBe("ok");
    expect(message(updateWebhookSchema.safeParse({ buffer_window_seconds: 61 }))).toBe(
      "buffer_window_seconds: must be a whole number of seconds from 1 to 60",
    );
    expect(
      message(createWebhookSchema.safeParse({ url: "https://hooks.example.com/x", max_buffer_size: -1 })),
    ).toBe("max_buffer_size: must be a whole number of messages from 1 to 100");
  });

  it("filters the delivery log by any event a delivery can carry, Meta forwards included", () => {
    expect(deliveryFilterSchema.safeParse({ event: "whatsapp.meta.received" }).success).toBe(true);
    expect(deliveryFilterSchema.safeParse({ event: "whatsapp.message.received" }).success).toBe(true);
    expect(deliveryFilterSchema.safeParse({ event: "whatsapp.nope" }).success).toBe(false);
  });
});
