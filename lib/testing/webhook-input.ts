import type { CreateWebhookInput } from "@/lib/webhooks/schema";

type Input = CreateWebhookInput & { phoneNumber?: string };

/**
 * A webhook's create input with the settings most tests do not care about (kapso kind, active, v2, no
 * buffering, no custom headers, an hour's inactivity window); each test names what matters to it.
 */
export function webhookInput(input: Pick<Input, "url" | "events"> & Partial<Input>): Input {
  return {
    kind: "kapso",
    headers: {},
    active: true,
    payload_version: "v2",
    buffer_enabled: false,
    buffer_window_seconds: 5,
    max_buffer_size: 50,
    inactivity_minutes: 60,
    ...input,
  };
}
