// A Kapso-style command line for the common admin tasks (`npm run cli -- customers new …`), a plain client
// of the Platform API: every command is one or two HTTP calls with the project's API key, so it works
// against any running Switchboard. No server code is imported.

export interface CliIo {
  /** Where the Platform API is: SWITCHBOARD_URL, default http://localhost:3000. */
  baseUrl: string;
  /** SWITCHBOARD_API_KEY (or --api-key). */
  apiKey: string | undefined;
  fetch: typeof fetch;
  out: (line: string) => void;
  err: (line: string) => void;
}

export class UsageError extends Error {}

/** `--name Acme --external-id=42 -j x y` → flags and positional words. */
export function parseArgs(argv: string[]): { words: string[]; flags: Record<string, string | true> } {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--") {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      if (eq > 2) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith("--")) {
          flags[a.slice(2)] = next;
          i++;
        } else flags[a.slice(2)] = true;
      }
    } else words.push(a);
  }
  return { words, flags };
}

interface Command {
  usage: string;
  summary: string;
  run(flags: Record<string, string | true>, api: Api, io: CliIo): Promise<void>;
}

type Api = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

const str = (flags: Record<string, string | true>, name: string, required = false): string | undefined => {
  const v = flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  if (required && (v === undefined || v === "")) throw new UsageError(`--${name} is required`);
  return v;
};
const list = (v: string | undefined) =>
  v
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Columns of a list, padded; an empty list says so. */
function table(io: CliIo, rows: Record<string, unknown>[], columns: string[]) {
  if (rows.length === 0) return io.out("(none)");
  const cell = (v: unknown) => (v === null || v === undefined ? "-" : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  io.out(columns.map((c, i) => c.padEnd(widths[i] as number)).join("  "));
  for (const r of rows) io.out(columns.map((c, i) => cell(r[c]).padEnd(widths[i] as number)).join("  "));
}

const json = (io: CliIo, v: unknown) => io.out(JSON.stringify(v, null, 2));
const dataOf = (r: Record<string, unknown>) => r.data as Record<string, unknown>;
const rowsOf = (r: Record<string, unknown>) => (r.data ?? []) as Record<string, unknown>[];

export const COMMANDS: Record<string, Command> = {
  "customers list": {
    usage: "customers list [--q text] [--page n]",
    summary: "the project's customers",
    async run(flags, api, io) {
      const q = new URLSearchParams();
      if (str(flags, "q")) q.set("q", str(flags, "q") as string);
      if (str(flags, "page")) q.set("page", str(flags, "page") as string);
      const r = await api("GET", `/platform/v1/customers${q.size ? `?${q}` : ""}`);
      table(io, rowsOf(r), ["id", "name", "external_customer_id", "created_at"]);
    },
  },
  "customers new": {
    usage: "customers new --name <name> [--external-id <id>]",
    summary: "create a customer",
    async run(flags, api, io) {
      const r = await api("POST", "/platform/v1/customers", {
        customer: { name: str(flags, "name", true), external_customer_id: str(flags, "external-id") },
      });
      json(io, dataOf(r));
    },
  },
  "setup-links new": {
    usage:
      "setup-links new --customer <id> [--success-url <url>] [--failure-url <url>] [--language <code>] [--color <#hex>]",
    summary: "a setup link for a customer to connect a number (revokes the previous one)",
    async run(flags, api, io) {
      const customer = str(flags, "customer", true) as string;
      const color = str(flags, "color");
      const r = await api("POST", `/platform/v1/customers/${encodeURIComponent(customer)}/setup_links`, {
        setup_link: {
          success_redirect_url: str(flags, "success-url"),
          failure_redirect_url: str(flags, "failure-url"),
          language: str(flags, "language"),
          ...(color ? { theme_config: { primary_color: color } } : {}),
        },
      });
      json(io, dataOf(r));
    },
  },
  "numbers list": {
    usage: "numbers list [--customer <id>]",
    summary: "the project's WhatsApp numbers",
    async run(flags, api, io) {
      const customer = str(flags, "customer");
      const r = await api(
        "GET",
        `/platform/v1/whatsapp/phone_numbers${customer ? `?customer_id=${encodeURIComponent(customer)}` : ""}`,
      );
      table(io, rowsOf(r), [
        "phone_number_id",
        "display_phone_number",
        "verified_name",
        "status",
        "throughput_tier",
        "customer_id",
      ]);
    },
  },
  "webhooks list": {
    usage: "webhooks list",
    summary: "the project's webhooks",
    async run(_flags, api, io) {
      const r = await api("GET", "/platform/v1/whatsapp/webhooks");
      table(io, rowsOf(r), ["id", "url", "kind", "active", "events"]);
    },
  },
  "webhooks create": {
    usage:
      "webhooks create --url <https url> [--events a,b] [--phone-number-id <id>] [--kind kapso|meta] [--inactive]",
    summary: "a webhook for the project, or for one number with --phone-number-id",
    async run(flags, api, io) {
      const number = str(flags, "phone-number-id");
      const kind = str(flags, "kind");
      const webhook = {
        url: str(flags, "url", true),
        ...(list(str(flags, "events")) ? { events: list(str(flags, "events")) } : {}),
        ...(kind ? { kind } : {}),
        ...(flags.inactive === true ? { active: false } : {}),
      };
      const r = number
        ? await api("POST", `/platform/v1/whatsapp/phone_numbers/${encodeURIComponent(number)}/webhooks`, {
            whatsapp_webhook: webhook,
          })
        : await api("POST", "/platform/v1/whatsapp/webhooks", { whatsapp_webhook: webhook });
      json(io, dataOf(r));
    },
  },
};

export function helpText(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
  return [
    "usage: npm run cli -- <command> [flags]",
    "",
    ...Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    "",
    "Environment: SWITCHBOARD_URL (default http://localhost:3000), SWITCHBOARD_API_KEY (or --api-key).",
    "Make a key with: npm run api-key -- <project-slug>",
  ].join("\n");
}

/** Runs one command line; the exit code (0 ok, 1 the API refused, 2 a usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { words, flags } = parseArgs(argv);
  if (words.length === 0 || flags.help === true || words[0] === "help") {
    io.out(helpText());
    return words.length === 0 && flags.help !== true && words[0] !== "help" ? 2 : 0;
  }
  const name = words.slice(0, 2).join(" ");
  const command = COMMANDS[name];
  if (!command || words.length > 2) {
    io.err(`unknown command: ${words.join(" ")}\n\n${helpText()}`);
    return 2;
  }
  const apiKey = typeof flags["api-key"] === "string" ? flags["api-key"] : io.apiKey;
  if (!apiKey) {
    io.err(
      "No API key: set SWITCHBOARD_API_KEY or pass --api-key (npm run api-key -- <project-slug> makes one).",
    );
    return 2;
  }
  const base = io.baseUrl.replace(/\/+$/, "");
  // The key goes in a header: never in clear text over a network, never to wherever a redirect points.
  let target: URL;
  try {
    target = new URL(base);
  } catch {
    io.err(`SWITCHBOARD_URL is not a URL: ${base}`);
    return 2;
  }
  const loopback =
    ["localhost", "127.0.0.1", "[::1]"].includes(target.hostname) || /^127\./.test(target.hostname);
  if (target.protocol !== "https:" && !(target.protocol === "http:" && loopback)) {
    io.err(
      "SWITCHBOARD_URL must be https:// (plain http:// only for this machine), so the API key is not sent in clear.",
    );
    return 2;
  }
  const api: Api = async (method, path, body) => {
    let res: Response;
    try {
      res = await io.fetch(`${base}${path}`, {
        method,
        headers: { "x-api-key": apiKey, ...(body ? { "content-type": "application/json" } : {}) },
        redirect: "error",
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      throw new ApiError(0, `cannot reach ${base}: ${(e as Error).message}`);
    }
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new ApiError(res.status, `${method} ${path}: HTTP ${res.status}, not JSON`);
    }
    if (!res.ok)
      throw new ApiError(res.status, `${method} ${path}: ${String(parsed.error ?? `HTTP ${res.status}`)}`);
    return parsed;
  };
  try {
    await command.run(flags, api, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\nusage: npm run cli -- ${command.usage}`);
      return 2;
    }
    if (e instanceof ApiError) {
      io.err(e.message);
      return 1;
    }
    throw e;
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
