import { randomBytes } from "node:crypto";

/** A Meta-shaped Graph error the simulator answers with. */
export class SandboxGraphError extends Error {
  constructor(
    readonly code: number,
    readonly title: string,
    readonly details: string,
    readonly httpStatus = 400,
    readonly subcode?: number,
  ) {
    super(title);
  }

  toBody() {
    return {
      error: {
        message: `(#${this.code}) ${this.title}`,
        type: this.code === 190 ? "OAuthException" : "OAuthException",
        code: this.code,
        ...(this.subcode ? { error_subcode: this.subcode } : {}),
        error_data: { messaging_product: "whatsapp", details: this.details },
        fbtrace_id: `A${randomBytes(11).toString("base64url")}`,
      },
    };
  }
}

export const missing = (field: string) =>
  new SandboxGraphError(100, "Invalid parameter", `Param ${field} is required`);
export const invalid = (field: string, why: string) =>
  new SandboxGraphError(100, "Invalid parameter", `Param ${field} ${why}`);
