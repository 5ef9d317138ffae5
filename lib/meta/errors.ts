import type { GraphApiError } from "@kapso/whatsapp-cloud-api";
import { AppError } from "@/lib/errors";

export interface GraphProblem {
  code: number;
  subcode?: number;
  fbtraceId?: string;
  details?: string;
  /** What the user should do about it, in plain words. */
  action: string;
  status: number;
  /** What Graph itself answered. */
  httpStatus: number;
  retryable: boolean;
  field?: string;
}

const RATE_LIMIT = new Set([4, 17, 80007, 130429, 131056]);

/** The field Meta complains about, when its details name one (e.g. "Param text['body'] is required"). */
function fieldFrom(details: string | undefined): string | undefined {
  const m = details?.match(/(?:param(?:eter)?|field)\s+([\w.[\]'"]+)/i);
  return m?.[1]?.replace(/\[['"]?(\w+)['"]?\]/g, ".$1");
}

export function explainGraphError(
  e: Pick<GraphApiError, "code" | "errorSubcode" | "fbtraceId" | "details" | "message" | "httpStatus">,
): GraphProblem {
  const code = Number(e.code);
  const base = {
    code,
    subcode: e.errorSubcode,
    fbtraceId: e.fbtraceId,
    details: e.details,
    httpStatus: e.httpStatus,
  };
  if (code === 131047)
    return {
      ...base,
      status: 422,
      retryable: false,
      action:
        "More than 24 hours have passed since the customer last wrote. Send an approved template instead.",
    };
  if (RATE_LIMIT.has(code))
    return {
      ...base,
      status: 429,
      retryable: true,
      action:
        code === 131056
          ? "Too many messages to this customer in a short time. Wait a few seconds and try again."
          : "WhatsApp's rate limit was hit. Wait a moment and try again.",
    };
  if (code === 190 || code === 0)
    return {
      ...base,
      status: 502,
      retryable: false,
      action: "This number's Meta access token has expired or was revoked. Update it under Numbers.",
    };
  if (code === 100 || code === 131008 || code === 131009) {
    const field = fieldFrom(e.details ?? e.message);
    return {
      ...base,
      status: 422,
      retryable: false,
      field,
      action: `Meta rejected the request${field ? ` (field ${field})` : ""}: ${e.details ?? e.message}`,
    };
  }
  if (code === 132001)
    return {
      ...base,
      status: 422,
      retryable: false,
      action: "That template does not exist in this language. Check its name and language.",
    };
  if (code === 132000)
    return {
      ...base,
      status: 422,
      retryable: false,
      action: "The template needs a different number of parameters.",
    };
  if (code === 132015 || code === 132016)
    return {
      ...base,
      status: 422,
      retryable: false,
      action: "The template is paused or disabled by Meta. Pick another one.",
    };
  if (code === 131026)
    return {
      ...base,
      status: 422,
      retryable: false,
      action:
        "The message could not be delivered: the recipient may not use WhatsApp or may have blocked you.",
    };
  if (code === 131051)
    return { ...base, status: 422, retryable: false, action: "That message type is not supported." };
  const transient = e.httpStatus >= 500 || code === 1 || code === 2 || code === 131000 || code === 131016;
  return {
    ...base,
    status: 502,
    retryable: transient,
    action: transient
      ? "WhatsApp is having trouble right now. Try again shortly."
      : `WhatsApp refused the request: ${e.details ?? e.message}`,
  };
}

export function graphAppError(p: GraphProblem): AppError {
  const code = p.status === 429 ? "rate_limited" : p.status === 422 ? "validation" : "unavailable";
  return new AppError(
    code,
    `${p.action} (Meta error ${p.code}${p.fbtraceId ? `, trace ${p.fbtraceId}` : ""})`,
    {
      status: p.status,
      fields: p.field ? { [p.field]: p.action } : undefined,
    },
  );
}
