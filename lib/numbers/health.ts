// The health check's shape (Kapso's), its verdict and what to do about each failed check. Pure: the
// Numbers page, the Platform API and the scheduled job share it.

export type HealthStatus = "healthy" | "degraded" | "unhealthy" | "error";

export interface CheckResult {
  passed: boolean;
  error?: string;
  error_code?: number;
  overall_status?: string;
  details?: Record<string, unknown>;
}

export const CHECK_ORDER = [
  "phone_number_access",
  "token_validity",
  "messaging_health",
  "webhook_verified",
  "webhook_subscription",
  "test_message",
] as const;
export type CheckName = (typeof CHECK_ORDER)[number];
export type HealthChecks = Partial<Record<CheckName, CheckResult>>;

export interface HealthReport {
  status: HealthStatus;
  checked_at: string;
  checks: HealthChecks;
}

/**
 * healthy: every check passed. unhealthy: the number cannot be read, the token is refused, or Meta
 * blocks sending. degraded: it sends, but webhooks, a LIMITED messaging status or the test message
 * need attention.
 */
export function overallStatus(checks: HealthChecks): HealthStatus {
  if (!checks.phone_number_access) return "error";
  if (!checks.phone_number_access.passed || checks.token_validity?.passed === false) return "unhealthy";
  if (checks.messaging_health?.overall_status === "BLOCKED") return "unhealthy";
  const failed = CHECK_ORDER.some((k) => checks[k] && !checks[k]?.passed);
  return failed ? "degraded" : "healthy";
}

export const CHECK_LABELS: Record<CheckName, string> = {
  phone_number_access: "Phone number access",
  token_validity: "Access token",
  messaging_health: "Messaging health",
  webhook_verified: "Webhook verified",
  webhook_subscription: "Webhook subscription",
  test_message: "Test message",
};

/** What an admin should do about a failed check, in order of the triage Kapso documents. */
export function remedy(name: CheckName, c: CheckResult): string {
  switch (name) {
    case "phone_number_access":
      return c.error_code === 100 || c.error_code === 33
        ? "Meta does not know this phone number ID with this token: check the ID in WhatsApp Manager, or give the number a working token (Numbers → ⋯ → Update credentials)."
        : "Graph did not answer for this number: check the server's network and Meta's status page, then run the check again.";
    case "token_validity":
      return "The access token was refused (expired or revoked): create a permanent system-user token in Meta Business Settings and save it with Numbers → ⋯ → Update credentials.";
    case "messaging_health": {
      const solution = (c.details?.entities as { errors?: { possible_solution?: string }[] }[] | undefined)
        ?.flatMap((e) => e.errors ?? [])
        .find((e) => e.possible_solution)?.possible_solution;
      if (solution) return solution;
      return c.overall_status === "BLOCKED"
        ? "Meta blocks sending from this number: open WhatsApp Manager → Account tools → Health and fix what it lists (payment method, business verification, policy)."
        : "Meta limits sending from this number: open WhatsApp Manager → Health to see why (often a pending review or a low quality rating).";
    }
    case "webhook_verified":
      return "No signed webhook from Meta has arrived: in the Meta app dashboard set the callback URL to this server's /api/webhooks/whatsapp with the number's verify token, and check the app secret (Numbers → ⋯ → Update credentials; the Webhooks page's inbound log counts webhooks refused for a bad signature).";
    case "webhook_subscription":
      return "No app is subscribed to this account's webhooks, so incoming messages and statuses never arrive: subscribe the app (button below, or POST /{waba_id}/subscribed_apps).";
    case "test_message":
      return "The test message was refused: read Meta's error above (the hello_world template must exist and be approved; the recipient must be a WhatsApp number).";
  }
}
