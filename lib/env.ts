import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

// The one place that reads process.env. Parsed once; a bad value stops start-up naming the variable.
const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    APP_URL: z.url({ message: "must be an absolute URL such as https://switchboard.example.com" }).optional(),
    DATABASE_URL: z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        "must be a postgres:// or postgresql:// URL (leave it unset to use embedded PGlite)",
      )
      .optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)"),
    ENCRYPTION_KEY: z
      .string()
      .refine(
        (v) => Buffer.from(v, "base64").length === 32,
        "must be 32 bytes, base64-encoded (openssl rand -base64 32)",
      ),
    WORKERS: z.enum(["1", "0", "only"]).default("1"),
    SEED_DEMO: boolish.default(true),
    /** Set when a reverse proxy in front sets X-Forwarded-For; otherwise the socket address is used. */
    TRUST_PROXY: boolish.default(false),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    META_GRAPH_URL: z.url({ message: "must be an absolute URL" }).default("https://graph.facebook.com"),
    META_GRAPH_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, "must look like v24.0")
      .default("v24.0"),
    /** The Meta app's secret, for webhooks that name no number we know (app-level events, orphans). */
    META_APP_SECRET: z.string().min(8).optional(),
    /** App-level verify token for Meta's webhook handshake (numbers can also have their own). */
    META_VERIFY_TOKEN: z.string().min(8).optional(),
    /** Where the app reaches itself (the sandbox's Graph API and webhook receiver). */
    INTERNAL_URL: z.url({ message: "must be an absolute URL" }).optional(),
    MEDIA_DIR: z.string().min(1).optional(),
    CONVERSATION_INACTIVITY_HOURS: z.coerce.number().min(1).default(24),
    SANDBOX_STATUS_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(400),
    SANDBOX_TEMPLATE_REVIEW_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
    SANDBOX_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).default(20),
    /** Raw webhook bodies, once processed (or orphaned, or failed), are deleted after this many days. */
    WEBHOOK_EVENT_RETENTION_DAYS: z.coerce.number().min(1).default(7),
    /** Domain events every subscriber has handled are deleted after this many days. */
    DOMAIN_EVENT_RETENTION_DAYS: z.coerce.number().min(1).default(7),
    AUDIT_LOG_RETENTION_DAYS: z.coerce.number().min(1).default(365),
    /** API-log rows (every API-key call) are deleted after this many days; 30 covers the longest `period`. */
    API_LOG_RETENTION_DAYS: z.coerce.number().min(1).default(30),
    /** Workflow versions kept per workflow besides the current one (older ones are deleted). */
    WORKFLOW_VERSIONS_KEPT: z.coerce.number().int().min(1).default(100),
    /**
     * Hosts that outbound HTTP (webhooks, workflow HTTP steps, model providers, media ingest) may reach
     * although they are private or local: host names, IP addresses or CIDR ranges, comma-separated.
     */
    EGRESS_ALLOW_HOSTS: z
      .string()
      .refine(
        (v) =>
          v
            .split(/[\s,]+/)
            .filter(Boolean)
            .every(validAllowEntry),
        "must be host names, IP addresses or CIDR ranges separated by commas (e.g. 127.0.0.1,hooks.internal)",
      )
      .optional(),
    /** SMTP server for emails (webhook pause notices), e.g. smtp://user:pass@mail.example.com:587. */
    SMTP_URL: z
      .string()
      .regex(
        /^smtps?:\/\//,
        "must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587",
      )
      .optional(),
    /** Outbound webhook retry delays in seconds after the first attempt (tests shorten them). */
    WEBHOOK_RETRY_DELAYS_SECONDS: z
      .string()
      .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, "must be comma-separated seconds such as 10,40,90")
      .default("10,40,90"),
    /** Seconds in one minute of a webhook's inactivity_minutes (tests shorten it; keep 60 in production). */
    WEBHOOK_INACTIVITY_MINUTE_SECONDS: z.coerce
      .number()
      .positive("must be a positive number of seconds such as 60")
      .default(60),
  })
  .transform((e) => ({
    ...e,
    APP_URL: e.APP_URL ?? `http://localhost:${e.PORT}`,
    INTERNAL_URL: (e.INTERNAL_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, ""),
    MEDIA_DIR: e.MEDIA_DIR ?? `${e.DATA_DIR}/media`,
  }));

export type Env = z.infer<typeof schema>;

/** One EGRESS_ALLOW_HOSTS entry: a host name, an IP address or an IP/prefix range. */
function validAllowEntry(entry: string): boolean {
  const e = entry.replace(/^\[|\]$/g, "");
  const [net, prefix, extra] = e.split("/");
  if (extra !== undefined) return false;
  const family = isIP(net ?? "");
  if (prefix !== undefined)
    return family !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  if (family) return true;
  return /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*$/i.test(
    e,
  );
}

export class EnvError extends Error {}

let cached: Env | undefined;

function format(error: z.ZodError): string {
  return error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`).join("\n");
}

/** Parses a set of variables; throws EnvError naming each bad one. */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const raw = Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== "" && v !== undefined));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new EnvError(`Invalid configuration:\n${format(parsed.error)}`);
  return parsed.data;
}

/** The parsed process environment, read once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Called once by the process entry (server.ts, scripts) before anything else. On the embedded database
 * (no DATABASE_URL) a single-machine install needs no setup, so missing secrets are generated once and
 * kept in DATA_DIR. On PostgreSQL several instances share one database, so the secrets must be given.
 */
export function loadEnv(): Env {
  const dataDir = process.env.DATA_DIR || ".data";
  const usesPglite = !process.env.DATABASE_URL;
  const missing = (["AUTH_SECRET", "ENCRYPTION_KEY"] as const).filter((k) => !process.env[k]);
  if (missing.length > 0 && usesPglite) {
    const file = path.join(dataDir, "secrets.json");
    mkdirSync(dataDir, { recursive: true });
    const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
    for (const k of missing) {
      stored[k] ??= randomBytes(32).toString("base64");
      process.env[k] = stored[k];
    }
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  process.env.AUTH_TRUST_HOST ??= "true";
  cached = undefined;
  return env();
}

export function usesPglite(): boolean {
  return !env().DATABASE_URL;
}
