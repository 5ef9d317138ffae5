import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeProject, memberActor, memberScope } from "@/prisma/factories";
import { type CliIo, parseArgs, runCli } from "./commands";

// The command line against the app's routes over real HTTP, with a real API key: what it prints and its
// exit codes, and that what it creates is really there.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;

let app: Awaited<ReturnType<typeof startAppServer>>;
let key = "";
let projectId = "";
beforeAll(async () => {
  app = await startAppServer(PORT);
  const ctx = await makeProject();
  projectId = ctx.projectId;
  ({ key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "cli" }));
}, 60_000);
afterAll(async () => app?.close());

async function cli(args: string[], apiKey: string | null = key) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    baseUrl: app.url,
    apiKey: apiKey ?? undefined,
    fetch,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  };
  const code = await runCli(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run cli", () => {
  it("parses flags in both spellings and keeps words in order", () => {
    expect(parseArgs(["customers", "new", "--name", "Acme Co", "--external-id=42", "--inactive"])).toEqual({
      words: ["customers", "new"],
      flags: { name: "Acme Co", "external-id": "42", inactive: true },
    });
  });

  it("creates a customer and a setup link, lists numbers and creates a webhook", async () => {
    const made = await cli(["customers", "new", "--name", "Acme Co", "--external-id", "acme-1"]);
    expect(made.code, made.err).toBe(0);
    const customer = JSON.parse(made.out) as { id: string; name: string };
    expect(customer.name).toBe("Acme Co");
    expect(await db().customer.count({ where: { id: customer.id, projectId } })).toBe(1);

    const listed = await cli(["customers", "list", "--q", "acme"]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^id\s+name\s+external_customer_id/);
    expect(listed.out).toContain("acme-1");

    const link = await cli([
      "setup-links",
      "new",
      "--customer",
      customer.id,
      "--success-url",
      "https://app.example.com/done",
      "--color",
      "#336699",
    ]);
    expect(link.code).toBe(0);
    expect(JSON.parse(link.out).url).toContain("/setup/");

    const numbers = await cli(["numbers", "list"]);
    expect(numbers.code).toBe(0);
    const sandbox = await db().phoneNumber.findFirstOrThrow({ where: { projectId, kind: "SANDBOX" } });
    expect(numbers.out).toContain(sandbox.phoneNumberId);

    const hook = await cli([
      "webhooks",
      "create",
      "--url",
      "https://hooks.example.com/numbers",
      "--events",
      "whatsapp.phone_number.created,whatsapp.phone_number.deleted",
    ]);
    expect(hook.code, hook.err).toBe(0);
    expect(JSON.parse(hook.out).events).toEqual([
      "whatsapp.phone_number.created",
      "whatsapp.phone_number.deleted",
    ]);
    // A number's webhook, for its messages.
    const numberHook = await cli([
      "webhooks",
      "create",
      "--url",
      "https://hooks.example.com/messages",
      "--phone-number-id",
      sandbox.phoneNumberId,
      "--events",
      "whatsapp.message.received",
    ]);
    expect(numberHook.code, numberHook.err).toBe(0);
    expect(
      await db().webhook.count({
        where: { projectId, phoneNumberId: sandbox.id, url: "https://hooks.example.com/messages" },
      }),
    ).toBe(1);
    expect((await cli(["webhooks", "list"])).out).toContain("https://hooks.example.com/numbers");
  });

  it("says what is wrong: usage (2), the API's refusal (1), a missing key", async () => {
    const noName = await cli(["customers", "new"]);
    expect(noName.code, noName.out + noName.err).toBe(2);
    expect(noName.err).toMatch(/--name is required/);
    const unknown = await cli(["customers", "explode"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command/);
    const badUrl = await cli(["webhooks", "create", "--url", "not a url"]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toMatch(/whatsapp_webhook\.url|url/);
    const wrongKey = await cli(["numbers", "list"], "sb_not_a_key");
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.err).toMatch(/API key/);
    const noKey = await cli(["numbers", "list"], null);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toMatch(/SWITCHBOARD_API_KEY/);
    const help = await cli(["help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("setup-links new");
  });

  it("never sends the key in clear over a network or after a redirect", async () => {
    const sent: string[] = [];
    const io = (baseUrl: string): CliIo => ({
      baseUrl,
      apiKey: key,
      fetch: (async (url: string | URL | Request, init?: RequestInit) => {
        sent.push(String(url));
        return fetch(url, init);
      }) as typeof fetch,
      out: () => {},
      err: () => {},
    });
    // Plain http to another machine is refused before anything is sent.
    expect(await runCli(["numbers", "list"], io("http://switchboard.example.com"))).toBe(2);
    expect(sent).toEqual([]);
    // A server answering with a redirect does not get the key sent on.
    const hop = createServer((_req, res) =>
      res.writeHead(302, { location: `${app.url}/platform/v1/whatsapp/phone_numbers` }).end(),
    );
    await new Promise<void>((r) => hop.listen(0, "127.0.0.1", r));
    try {
      const code = await runCli(
        ["numbers", "list"],
        io(`http://127.0.0.1:${(hop.address() as AddressInfo).port}`),
      );
      expect(code).toBe(1);
      expect(sent).toHaveLength(1);
    } finally {
      hop.close();
    }
  });
});
