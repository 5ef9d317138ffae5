/** WhatsApp's customer-service window: free-form messages only within 24 hours of the customer's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export function isWindowOpen(lastInboundAt: Date | null | undefined, now = Date.now()): boolean {
  return !!lastInboundAt && now - lastInboundAt.getTime() < WINDOW_MS;
}

export function windowClosesAt(lastInboundAt: Date | null | undefined): Date | null {
  return lastInboundAt ? new Date(lastInboundAt.getTime() + WINDOW_MS) : null;
}
