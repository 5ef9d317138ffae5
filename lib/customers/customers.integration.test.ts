import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import { makeNumber, makeProject, memberActor, memberScope } from "@/prisma/factories";

// Customers, their numbers and setup links, through the Platform API's route files and the hosted
// page's connect route, on a real database; live credentials are checked against a local Graph server.

let graph: Server;
const wabaNumbers = new Map<string, string[]>();
let routes: {
  customers: typeof import("@/app/platform/v1/customers/route");
  customer: typeof import("@/app/platform/v1/customers/[customerId]/route");
  numbers: typeof import("@/app/platform/v1/customers/[customerId]/whatsapp/phone_numbers/route");
  links: typeof import("@/app/platform/v1/customers/[customerId]/setup_links/route");
  link: typeof import("@/app/platform/v1/setup_links/[setupLinkId]/route");
  setup: typeof import("@/app/api/setup/[token]/route");
};

beforeAll(async () => {
  graph = createServer((req, res) => {
    const parts = new URL(req.url ?? "/", "http://x").pathname.split("/").filter(Boolean);
    if (req.headers.authorization === "Bearer EAAG-refused-token-for-the-schema-x") {
      res.writeHead(401, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190 },
        }),
      );
    }
    res.writeHead(200, { "content-type": "application/json" });
    if (parts[2] === "phone_numbers")
      return res.end(JSON.stringify({ data: (wabaNumbers.get(parts[1] ?? "") ?? []).map((id) => ({ id })) }));
    res.end(
      JSON.stringify({ id: parts[1], display_phone_number: "+1 555 0199", verified_name: "Acme Live" }),
    );
  });
  await new Promise<void>((r) => graph.listen(0, "127.0.0.1", r));
  process.env.META_GRAPH_URL = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  routes = {
    customers: await import("@/app/platform/v1/customers/route"),
    customer: await import("@/app/platform/v1/customers/[customerId]/route"),
    numbers: await import("@/app/platform/v1/customers/[customerId]/whatsapp/phone_numbers/route"),
    links: await import("@/app/platform/v1/customers/[customerId]/setup_links/route"),
    link: await import("@/app/platform/v1/setup_links/[setupLinkId]/route"),
    setup: await import("@/app/api/setup/[token]/route"),
  };
});
afterAll(() => new Promise<void>((r) => graph.close(() => r())));

const digits = () => String(Math.floor(1e11 + Math.random() * 8.9e11));

function call(
  handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>,
  key: string | null,
  method: string,
  params: Record<string, string> = {},
  body?: unknown,
  query = "",
) {
  return handler(
    new Request(`http://localhost/x${query}`, {
      method,
      headers: {
        ...(key ? { "x-api-key": key } : {}),
        "content-type": "application/json",
        "sec-fetch-site": "same-origin",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
}

async function tenant() {
  const ctx = await makeProject();
  const { key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "t" });
  return { ctx, key };
}

describe("Platform API: customers", () => {
  it("creates, lists with page meta and search, updates, and refuses a duplicate external id", async () => {
    const { key } = await tenant();
    const a = await call(
      routes.customers.POST,
      key,
      "POST",
      {},
      { customer: { name: "Acme", external_customer_id: "acme-1" } },
    );
    expect(a.status).toBe(201);
    const acme = (await a.json()).data;
    expect(acme).toMatchObject({ name: "Acme", external_customer_id: "acme-1", phone_numbers_count: 0 });
    await call(routes.customers.POST, key, "POST", {}, { customer: { name: "Globex" } });
    const dup = await call(
      routes.customers.POST,
      key,
      "POST",
      {},
      { customer: { name: "X", external_customer_id: "acme-1" } },
    );
    expect(dup.status).toBe(409);
    expect((await dup.json()).error).toMatch(/external ID/);

    const list = await (await call(routes.customers.GET, key, "GET", {}, undefined, "?per_page=1")).json();
    expect(list.meta).toEqual({ page: 1, per_page: 1, total_pages: 2, total_count: 2 });
    expect(list.data[0].name).toBe("Globex"); // most recent first
    const found = await (await call(routes.customers.GET, key, "GET", {}, undefined, "?q=acm")).json();
    expect(found.data.map((c: { name: string }) => c.name)).toEqual(["Acme"]);

    const patched = await call(
      routes.customer.PATCH,
      key,
      "PATCH",
      { customerId: acme.id },
      { customer: { name: "Acme Inc" } },
    );
    expect((await patched.json()).data).toMatchObject({ name: "Acme Inc", external_customer_id: "acme-1" });
    const bad = await call(
      routes.customer.PATCH,
      key,
      "PATCH",
      { customerId: acme.id },
      { customer: { name: "" } },
    );
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatch(/customer\.name/);
  });

  it("another project's customer is a 404", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const c = await (
      await call(routes.customers.POST, theirs.key, "POST", {}, { customer: { name: "Theirs" } })
    ).json();
    for (const m of ["GET", "PATCH", "DELETE"] as const) {
      const res = await call(
        routes.customer[m],
        mine.key,
        m,
        { customerId: c.data.id },
        m === "PATCH" ? { customer: { name: "x" } } : undefined,
      );
      expect(res.status).toBe(404);
    }
    const links = await call(
      routes.links.POST,
      mine.key,
      "POST",
      { customerId: c.data.id },
      { setup_link: {} },
    );
    expect(links.status).toBe(404);
  });

  it("attaches a project number, and deleting the customer keeps the number and deletes its embeds", async () => {
    const { ctx, key } = await tenant();
    const n = await makeNumber(ctx);
    const c = (
      await (await call(routes.customers.POST, key, "POST", {}, { customer: { name: "Acme" } })).json()
    ).data;
    const attached = await call(
      routes.numbers.POST,
      key,
      "POST",
      { customerId: c.id },
      {
        whatsapp_phone_number: { phone_number_id: n.phoneNumberId },
      },
    );
    expect(attached.status).toBe(201);
    expect((await attached.json()).data).toMatchObject({ id: n.id, customer_id: c.id, is_sandbox: true });
    const embed = await db().inboxEmbed.create({
      data: {
        projectId: ctx.projectId,
        name: "Acme inbox",
        scope: "CUSTOMER",
        customerId: c.id,
        allowedOrigins: [],
        tokenHash: digits(),
        tokenPrefix: "sbe_x",
      },
    });
    const del = await call(routes.customer.DELETE, key, "DELETE", { customerId: c.id });
    expect(del.status).toBe(204);
    const number = await db().phoneNumber.findUnique({ where: { id: n.id } });
    expect(number).toMatchObject({ customerId: null });
    expect(await db().inboxEmbed.findUnique({ where: { id: embed.id } })).toBeNull();
    const revoked = await db().domainEvent.findFirst({
      where: { projectId: ctx.projectId, type: "embed.revoked" },
    });
    expect(revoked?.payload).toMatchObject({ embedId: embed.id });
  });

  it("connects a new live number for a customer only after Graph confirms it", async () => {
    const { ctx, key } = await tenant();
    const c = (
      await (await call(routes.customers.POST, key, "POST", {}, { customer: { name: "Acme" } })).json()
    ).data;
    const phone = digits();
    const waba = digits();
    const body = {
      whatsapp_phone_number: {
        phone_number_id: phone,
        business_account_id: waba,
        access_token: "EAAG-a-long-enough-token-for-the-schema",
        app_secret: "b".repeat(32),
        verify_token: "verify-me-123",
      },
    };
    const refused = await call(routes.numbers.POST, key, "POST", { customerId: c.id }, body);
    expect(refused.status).toBe(422); // Graph does not list the number under that WABA
    const missing = await call(
      routes.numbers.POST,
      key,
      "POST",
      { customerId: c.id },
      {
        whatsapp_phone_number: { phone_number_id: phone },
      },
    );
    expect(missing.status).toBe(422);
    expect((await missing.json()).error).toMatch(/wabaId|required/);
    wabaNumbers.set(waba, [phone]);
    const ok = await call(routes.numbers.POST, key, "POST", { customerId: c.id }, body);
    expect(ok.status).toBe(201);
    expect((await ok.json()).data).toMatchObject({
      phone_number_id: phone,
      customer_id: c.id,
      is_sandbox: false,
    });
    const ev = await db().domainEvent.findFirst({
      where: {
        projectId: ctx.projectId,
        type: "whatsapp.phone_number.created",
        payload: { path: ["kind"], equals: "LIVE" },
      },
    });
    expect(ev?.payload).toMatchObject({ customerId: c.id, kind: "LIVE" });
  });
});

describe("setup links", () => {
  async function customerWithLink(setupLink: Record<string, unknown> = {}) {
    const t = await tenant();
    const c = (
      await (await call(routes.customers.POST, t.key, "POST", {}, { customer: { name: "Acme" } })).json()
    ).data;
    const res = await call(routes.links.POST, t.key, "POST", { customerId: c.id }, { setup_link: setupLink });
    expect(res.status).toBe(201);
    const link = (await res.json()).data;
    return { ...t, customer: c, link, token: new URL(link.url).pathname.split("/").pop() as string };
  }

  it("stores only a hash, lives 30 days, and a new link revokes the previous one", async () => {
    const { key, customer, link, token } = await customerWithLink({
      success_redirect_url: "https://app.example.com/ok",
      language: "es",
      allowed_connection_types: ["sandbox"],
      theme_config: { primary_color: "#112233" },
    });
    expect(link).toMatchObject({
      status: "active",
      language: "es",
      allowed_connection_types: ["sandbox"],
      theme_config: { primary_color: "#112233" },
    });
    const days = (new Date(link.expires_at).getTime() - new Date(link.created_at).getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 3);
    const row = await db().setupLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(JSON.stringify(row)).not.toContain(token);
    const second = await call(
      routes.links.POST,
      key,
      "POST",
      { customerId: customer.id },
      { setup_link: {} },
    );
    expect(second.status).toBe(201);
    const list = (await (await call(routes.links.GET, key, "GET", { customerId: customer.id })).json()).data;
    expect(list.map((l: { status: string }) => l.status)).toEqual(["active", "revoked"]);
    const page = await call(routes.setup.POST, null, "POST", { token }, { type: "sandbox" });
    expect(page.status).toBe(422);
    expect(await page.json()).toMatchObject({ code: "link_expired", final: true });
  });

  it("a sandbox connect attaches the number, emits the event with the customer and redirects with Kapso's query", async () => {
    const { ctx, customer, link, token } = await customerWithLink({
      success_redirect_url: "https://app.example.com/ok?from=switchboard",
      failure_redirect_url: "https://app.example.com/failed",
    });
    const res = await call(routes.setup.POST, null, "POST", { token }, { type: "sandbox" });
    expect(res.status).toBe(200);
    const body = await res.json();
    const u = new URL(body.redirectUrl);
    expect(u.origin + u.pathname).toBe("https://app.example.com/ok");
    const number = await db().phoneNumber.findFirstOrThrow({
      where: { projectId: ctx.projectId, customerId: customer.id },
    });
    expect(Object.fromEntries(u.searchParams)).toEqual({
      from: "switchboard",
      setup_link_id: link.id,
      status: "completed",
      phone_number_id: number.phoneNumberId,
      business_account_id: number.wabaId,
      display_phone_number: number.displayPhoneNumber,
    });
    const ev = await db().domainEvent.findFirst({
      where: {
        projectId: ctx.projectId,
        type: "whatsapp.phone_number.created",
        payload: { path: ["phoneNumberId"], equals: number.id },
      },
    });
    expect(ev?.payload).toMatchObject({ phoneNumberId: number.id, customerId: customer.id, kind: "SANDBOX" });
    // Used once: a second try (another tab) is refused and sent to the failure URL with already_used.
    const again = await call(routes.setup.POST, null, "POST", { token }, { type: "sandbox" });
    const b2 = await again.json();
    expect(b2).toMatchObject({ code: "already_used", final: true });
    expect(new URL(b2.redirectUrl).searchParams.get("error_code")).toBe("already_used");
    expect(await db().phoneNumber.count({ where: { customerId: customer.id } })).toBe(1);
  });

  it("two tabs submitting at once connect exactly one number", async () => {
    const { customer, token } = await customerWithLink();
    const results = await Promise.all(
      [1, 2, 3].map(() => call(routes.setup.POST, null, "POST", { token }, { type: "sandbox" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 422, 422]);
    expect(await db().phoneNumber.count({ where: { customerId: customer.id } })).toBe(1);
  });

  it("a refused live credential maps to Kapso's error codes; an expired link says so", async () => {
    const { token, link, key } = await customerWithLink({
      failure_redirect_url: "https://app.example.com/failed",
    });
    const live = (over: Record<string, string>) => ({
      type: "dedicated",
      phoneNumberId: digits(),
      wabaId: digits(),
      accessToken: "EAAG-a-long-enough-token-for-the-schema",
      appSecret: "c".repeat(32),
      verifyToken: "verify-me-123",
      ...over,
    });
    const badToken = await (
      await call(
        routes.setup.POST,
        null,
        "POST",
        { token },
        live({ accessToken: "EAAG-refused-token-for-the-schema-x" }),
      )
    ).json();
    expect(badToken).toMatchObject({ code: "facebook_auth_failed", final: false });
    expect(new URL(badToken.redirectUrl).searchParams.get("error_code")).toBe("facebook_auth_failed");
    const notInWaba = await (await call(routes.setup.POST, null, "POST", { token }, live({}))).json();
    expect(notInWaba.code).toBe("phone_verification_failed");
    const badInput = await call(routes.setup.POST, null, "POST", { token }, live({ appSecret: "nope" }));
    expect(badInput.status).toBe(422);
    expect((await badInput.json()).fields).toHaveProperty("appSecret");
    // Still usable after refusals; then it expires.
    await db().setupLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await (
      await call(routes.setup.POST, null, "POST", { token }, { type: "sandbox" })
    ).json();
    expect(expired.code).toBe("link_expired");
    const got = await (await call(routes.link.GET, key, "GET", { setupLinkId: link.id })).json();
    expect(got.data.status).toBe("expired");
  });

  it("refuses a post from another site, a connection type the link does not allow, and PATCH revokes", async () => {
    const { token, link, key } = await customerWithLink({ allowed_connection_types: ["dedicated"] });
    const cross = await routes.setup.POST(
      new Request("http://localhost/x", {
        method: "POST",
        headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" },
        body: JSON.stringify({ type: "sandbox" }),
      }),
      { params: Promise.resolve({ token }) },
    );
    expect(cross.status).toBe(403);
    const notAllowed = await call(routes.setup.POST, null, "POST", { token }, { type: "sandbox" });
    expect(notAllowed.status).toBe(422);
    const patched = await call(
      routes.link.PATCH,
      key,
      "PATCH",
      { setupLinkId: link.id },
      {
        setup_link: { status: "revoked", language: "pt" },
      },
    );
    expect((await patched.json()).data).toMatchObject({ status: "revoked", language: "pt" });
    const badUrl = await call(
      routes.link.PATCH,
      key,
      "PATCH",
      { setupLinkId: link.id },
      {
        setup_link: { success_redirect_url: "javascript:alert(1)" },
      },
    );
    expect(badUrl.status).toBe(422);
    expect((await badUrl.json()).error).toMatch(/success_redirect_url/);
  });
});
