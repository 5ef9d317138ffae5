import { randomBytes } from "node:crypto";
import { lookup } from "node:dns/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { AllowList, isLoopbackAddress, isPublicAddress, parseAllowList } from "./addresses";
import {
  checkEgressUrl,
  checkEgressUrlNow,
  EgressError,
  egressFetch,
  guardedFetch,
  underTrustedBase,
} from "./fetch";

process.env.AUTH_SECRET ??= randomBytes(32).toString("base64");
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");

function allow(value: string | undefined) {
  if (value === undefined) delete process.env.EGRESS_ALLOW_HOSTS;
  else process.env.EGRESS_ALLOW_HOSTS = value;
  loadEnv();
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EgressError) return e.code;
    throw e;
  }
  return "sent";
}

describe("which addresses are public", () => {
  it.each([
    ["127.0.0.1", false],
    ["127.255.1.2", false],
    ["10.1.2.3", false],
    ["172.16.0.1", false],
    ["172.31.255.255", false],
    ["172.32.0.1", true],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["100.128.0.1", true],
    ["0.0.0.0", false],
    ["224.0.0.1", false],
    ["255.255.255.255", false],
    ["8.8.8.8", true],
    ["93.184.216.34", true],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fd12:3456::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["::ffff:8.8.8.8", true],
    ["2606:4700:4700::1111", true],
    ["not an ip", false],
  ])("%s → %s", (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });

  it("loopback as written is 127.0.0.0/8 and ::1 only", () => {
    for (const ip of ["127.0.0.1", "127.9.8.7", "::1"]) expect(isLoopbackAddress(ip)).toBe(true);
    for (const ip of ["10.0.0.1", "::ffff:127.0.0.1", "::", "localhost", "128.0.0.1", "fe80::1"])
      expect(isLoopbackAddress(ip)).toBe(false);
  });

  it("the allow-list takes names, addresses and ranges", () => {
    const list = new AllowList(parseAllowList("hooks.internal, 127.0.0.1 10.0.0.0/8,[::1]"));
    expect(list.allowsHost("HOOKS.internal")).toBe(true);
    expect(list.allowsHost("other.internal")).toBe(false);
    expect(list.allowsAddress("127.0.0.1")).toBe(true);
    expect(list.allowsAddress("127.0.0.2")).toBe(false);
    expect(list.allowsAddress("10.9.8.7")).toBe(true);
    expect(list.allowsAddress("::1")).toBe(true);
    expect(list.allowsAddress("::ffff:10.0.0.1")).toBe(true);
    expect(new AllowList([]).allowsAddress("127.0.0.1")).toBe(false);
  });
});

describe("trusted bases (the operator's configured Graph)", () => {
  const under = (url: string, bases: string[]) => underTrustedBase(new URL(url), bases);
  it("cover their own scheme, host, port and path, and nothing beside them", () => {
    const sim = ["http://127.0.0.1:3000/api/sandbox/graph/"];
    expect(under("http://127.0.0.1:3000/api/sandbox/graph/v24.0/123/message_templates", sim)).toBe(true);
    expect(
      under("http://127.0.0.1:3000/api/sandbox/graph", ["http://127.0.0.1:3000/api/sandbox/graph"]),
    ).toBe(true);
    expect(under("http://127.0.0.1:3000/api/webhooks/whatsapp", sim)).toBe(false);
    expect(under("http://127.0.0.1:3000/api/sandbox/graphx", sim)).toBe(false);
    expect(under("http://127.0.0.1:3000/api/sandbox/graph/../../webhooks/whatsapp", sim)).toBe(false);
    expect(under("http://127.0.0.1:3000/api/sandbox/graph/%2e%2e/%2E%2E/admin", sim)).toBe(false);
    expect(under("http://127.0.0.1:3001/api/sandbox/graph/v24.0/x", sim)).toBe(false);
    expect(under("https://127.0.0.1:3000/api/sandbox/graph/v24.0/x", sim)).toBe(false);
    expect(under("http://localhost:3000/api/sandbox/graph/v24.0/x", sim)).toBe(false);
    expect(under("http://user:pw@127.0.0.1:3000/api/sandbox/graph/v24.0/x", sim)).toBe(false);
    expect(under("https://graph.facebook.com/v24.0/me", ["https://graph.facebook.com/"])).toBe(true);
    expect(under("https://graph.facebook.com:443/v24.0/me", ["https://graph.facebook.com/"])).toBe(true);
    expect(under("http://127.0.0.1:3000/x", ["not a url"])).toBe(false);
    expect(under("http://127.0.0.1:3000/x", [])).toBe(false);
  });
});

describe("egressFetch against a real local server", () => {
  let server: Server;
  let base = "";
  const hits: string[] = [];
  const ports: number[] = [];
  let connections = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/early") {
        res.writeEarlyHints({ link: "</style.css>; rel=preload; as=style" });
        return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
      }
      hits.push(req.url ?? "");
      ports.push(req.socket.remotePort ?? 0);
      if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2_000);
      if (req.url === "/big") return void res.end(Buffer.alloc(64 * 1024, 97));
      if (req.url === "/stream-big") {
        res.writeHead(200); // no content-length: the limit holds while streaming
        for (let i = 0; i < 64; i++) res.write(Buffer.alloc(1024, 98));
        return void res.end();
      }
      if (req.url === "/auth") return void res.end(req.headers.authorization ?? "none");
      if (req.url === "/redirect") return void res.writeHead(302, { location: "http://127.0.0.1:1/" }).end();
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () =>
        res
          .writeHead(201, { "content-type": "application/json", "x-seen": req.headers["x-test"] ?? "" })
          .end(JSON.stringify({ method: req.method, body })),
      );
    });
    server.on("connection", () => connections++);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    hits.length = 0;
    allow(undefined);
  });

  it("refuses loopback, private and metadata addresses, and names that resolve to them, sending nothing", async () => {
    expect(await refusal(egressFetch(`${base}/x`))).toBe("blocked_address");
    expect(await refusal(egressFetch(`http://localhost:${new URL(base).port}/x`))).toBe("blocked_address");
    expect(await refusal(egressFetch("http://169.254.169.254/latest/meta-data/"))).toBe("blocked_address");
    expect(await refusal(egressFetch("http://[::1]:9/"))).toBe("blocked_address");
    expect(await refusal(egressFetch("http://[::ffff:7f00:1]:9/"))).toBe("blocked_address");
    expect(await refusal(egressFetch("http://10.0.0.1/"))).toBe("blocked_address");
    expect(hits).toEqual([]);
    // The refusal names the host, never the internal address a name resolved to.
    const named = await egressFetch(`http://localhost:${new URL(base).port}/x`).catch(
      (e: Error) => e.message,
    );
    expect(named).toMatch(/^localhost resolves to a private or local address/);
    expect(named).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it("checks a URL to be stored without DNS: private and local literals and localhost refused, names left to call time", () => {
    const code = (url: string) => {
      try {
        checkEgressUrlNow(url);
        return "ok";
      } catch (e) {
        return e instanceof EgressError ? e.code : "thrown";
      }
    };
    const cases: [string, string][] = [
      ["http://10.0.0.5/hook", "blocked_address"],
      ["http://169.254.169.254/latest", "blocked_address"],
      ["http://[::1]:8080/", "blocked_address"],
      ["http://localhost:3000/hook", "blocked_address"],
      ["http://api.localhost/hook", "blocked_address"],
      ["http://localhost./hook", "blocked_address"],
      // Other spellings of an address are the address (the URL parser writes them out).
      ["http://2130706433/hook", "blocked_address"],
      ["http://0x7f.1/hook", "blocked_address"],
      ["http://[::ffff:127.0.0.1]/hook", "blocked_address"],
      ["https://notlocalhost.example/x", "ok"],
      ["ftp://example.com/", "invalid_url"],
      ["https://hooks.example.com/x", "ok"],
      ["https://93.184.215.14/x", "ok"],
    ];
    for (const [url, want] of cases) expect(code(url), url).toBe(want);
    expect(() => checkEgressUrlNow("http://10.0.0.5/hook")).toThrow(
      /^10\.0\.0\.5 is a private or local address/,
    );
    allow("10.0.0.5,localhost");
    expect(code("http://10.0.0.5/hook")).toBe("ok");
    expect(code("http://localhost:3000/hook")).toBe("ok");
  });

  it("reaches a loopback address under a trusted base only, with EGRESS_ALLOW_HOSTS empty", async () => {
    const trustedBases = [`${base}/graph/`];
    expect((await egressFetch(`${base}/graph/v24.0/me`, { trustedBases })).status).toBe(201);
    expect(hits).toEqual(["/graph/v24.0/me"]);
    hits.length = 0;
    expect(await refusal(egressFetch(`${base}/echo`, { trustedBases }))).toBe("blocked_address");
    expect(await refusal(egressFetch(`${base}/graph/../echo`, { trustedBases }))).toBe("blocked_address");
    expect(await refusal(egressFetch("http://127.0.0.1:9/graph/x", { trustedBases }))).toBe(
      "blocked_address",
    );
    // Redirects still come back as they are, even from a trusted base.
    expect((await egressFetch(`${base}/redirect`, { trustedBases: [`${base}/`] })).status).toBe(302);
    expect(hits).toEqual(["/redirect"]);
  });

  it("trusts a base on loopback only when it is written as a loopback address or localhost", async () => {
    const port = new URL(base).port;
    // `localhost`, and [::1], are loopback as written: under their base they reach loopback.
    const local = `http://localhost:${port}/graph/`;
    expect((await egressFetch(`${local}v24.0/me`, { trustedBases: [local] })).status).toBe(201);
    await expect(
      checkEgressUrl("http://[::1]:9/graph/x", { trustedBases: ["http://[::1]:9/graph/"] }),
    ).resolves.toMatchObject({ address: "::1" });
    // The request must name the base's host itself, not another spelling of the same address.
    expect(await refusal(egressFetch(`${base}/graph/x`, { trustedBases: [local] }))).toBe("blocked_address");
    // A base written with any other name gets no exception, though the name resolves to loopback here:
    // DNS decides where such a name points, and could point it anywhere inside the network.
    const machine = hostname().toLowerCase();
    const resolved = await lookup(machine, { all: true });
    expect(
      resolved.some((a) => !isPublicAddress(a.address)),
      `${machine} should resolve locally`,
    ).toBe(true);
    const named = `http://${machine}:${port}/graph/`;
    expect(await refusal(egressFetch(`${named}v24.0/me`, { trustedBases: [named], timeoutMs: 1_000 }))).toBe(
      "blocked_address",
    );
    // Nor does a private address that is not loopback (the cloud's metadata service, a LAN host).
    for (const host of ["169.254.169.254", "10.0.0.1", "[fd00::1]"]) {
      const b = `http://${host}/graph/`;
      expect(await refusal(egressFetch(`${b}v24.0/me`, { trustedBases: [b], timeoutMs: 1_000 }))).toBe(
        "blocked_address",
      );
    }
    // A public base needs no exception: its addresses are checked as anyone's.
    expect(
      await refusal(egressFetch(`${base}/graph/x`, { trustedBases: ["https://graph.facebook.com/"] })),
    ).toBe("blocked_address");
    expect(hits).toEqual(["/graph/v24.0/me"]);
  });

  it("refuses URLs that are not http(s)", async () => {
    expect(await refusal(egressFetch("file:///etc/passwd"))).toBe("invalid_url");
    expect(await refusal(egressFetch("gopher://example.com/"))).toBe("invalid_url");
    expect(await refusal(egressFetch("not a url"))).toBe("invalid_url");
  });

  it("reaches an allowed host with method, headers and body, and says where it went", async () => {
    allow("127.0.0.1");
    const res = await egressFetch(`${base}/echo`, {
      method: "POST",
      headers: { "x-test": "yes" },
      body: '{"a":1}',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-seen")).toBe("yes");
    expect(res.json()).toEqual({ method: "POST", body: '{"a":1}' });
    expect(res.address).toBe("127.0.0.1");
    allow("localhost");
    expect((await egressFetch(`http://localhost:${new URL(base).port}/echo`)).status).toBe(201);
  });

  it("times out, refuses or truncates large answers, and does not follow redirects", async () => {
    allow("127.0.0.0/8");
    const t0 = Date.now();
    expect(await refusal(egressFetch(`${base}/slow`, { timeoutMs: 200 }))).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(await refusal(egressFetch(`${base}/big`, { maxResponseBytes: 1024 }))).toBe("too_large");
    expect(await refusal(egressFetch(`${base}/stream-big`, { maxResponseBytes: 1024 }))).toBe("too_large");
    const cut = await egressFetch(`${base}/stream-big`, { maxResponseBytes: 1000, truncate: true });
    expect(cut.truncated).toBe(true);
    expect(cut.body.length).toBe(1000);
    const redirect = await egressFetch(`${base}/redirect`);
    expect(redirect.status).toBe(302);
    expect(hits.filter((h) => h === "/redirect")).toHaveLength(1);
  });

  it("lets the caller set the limit, or refuse, from the answer's headers before the body is read", async () => {
    allow("127.0.0.1");
    const seen: string[] = [];
    const limited = egressFetch(`${base}/stream-big`, {
      maxResponseBytes: 1024 * 1024,
      limitFor: ({ status }) => {
        seen.push(String(status));
        return 2048;
      },
    });
    expect(await refusal(limited)).toBe("too_large");
    expect(seen).toEqual(["200"]);
    const ok = await egressFetch(`${base}/echo`, { limitFor: () => 100 });
    expect(ok.status).toBe(201);
    const refusedByType = egressFetch(`${base}/echo`, {
      limitFor: ({ headers }) => {
        throw new Error(`not taking ${headers.get("content-type")}`);
      },
    });
    await expect(refusedByType).rejects.toThrow("not taking application/json");
  });

  it("sends URL credentials, ends on the caller's signal, and refuses a malformed header unsent", async () => {
    allow("127.0.0.1");
    const auth = await egressFetch(`http://ann:p%40ss@127.0.0.1:${new URL(base).port}/auth`);
    expect(auth.text()).toBe(`Basic ${Buffer.from("ann:p@ss").toString("base64")}`);
    const ctl = new AbortController();
    const t0 = Date.now();
    const slow = egressFetch(`${base}/slow`, { signal: ctl.signal });
    setTimeout(() => ctl.abort(), 100);
    expect(await refusal(slow)).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(1_500);
    hits.length = 0;
    const bad = egressFetch(`${base}/echo`, {
      method: "POST",
      headers: { "x-test": "a\r\nx-injected: 1" },
      body: "x",
    });
    expect(await refusal(bad)).toBe("invalid_url");
    // A wrong length from the caller is replaced by the body's own.
    const sized = await egressFetch(`${base}/echo`, {
      method: "POST",
      headers: { "content-length": "99" },
      body: "hé",
    });
    expect(sized.json()).toEqual({ method: "POST", body: "hé" });
    expect(hits).toEqual(["/echo"]);
  });

  it("shows the final answer, not an interim 1xx, and reads HEAD answers by their status", async () => {
    allow("127.0.0.1");
    const seen: string[] = [];
    const res = await egressFetch(`${base}/early`, {
      limitFor: ({ status, headers }) => {
        seen.push(`${status} ${headers.get("content-type")}`);
        return 1024;
      },
    });
    expect(res.status).toBe(200);
    expect(seen).toEqual(["200 application/json"]);
    expect(res.headers.get("content-type")).toBe("application/json");
    // A HEAD answer declares the length of a body it does not send.
    expect((await egressFetch(`${base}/big`, { method: "HEAD", maxResponseBytes: 1024 })).status).toBe(200);
  });

  it("sends methods in upper case, refuses CONNECT and bad URL credentials, sending nothing", async () => {
    allow("127.0.0.1");
    expect((await egressFetch(`${base}/echo`, { method: "post", body: "x" })).json()).toEqual({
      method: "POST",
      body: "x",
    });
    hits.length = 0;
    expect(await refusal(egressFetch(`${base}/echo`, { method: "connect" }))).toBe("invalid_url");
    const badCredentials = `http://a%zz@127.0.0.1:${new URL(base).port}/echo`;
    expect(await refusal(egressFetch(badCredentials))).toBe("invalid_url");
    expect(hits).toEqual([]);
  });

  it("holds requests past 64 at once per receiver here, dropping those that end while waiting", async () => {
    allow("127.0.0.1");
    connections = 0;
    hits.length = 0;
    const slow = Array.from({ length: 64 }, () => egressFetch(`${base}/slow`, { timeoutMs: 10_000 }));
    const waiting = Array.from({ length: 20 }, () => egressFetch(`${base}/echo`, { timeoutMs: 300 }));
    for (const w of waiting) expect(await refusal(w)).toBe("timeout");
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual(Array(64).fill(200));
    // None of the 20 was sent, and none cost a connection of its own.
    expect(hits.filter((h) => h === "/echo")).toEqual([]);
    expect(connections).toBeLessThanOrEqual(64);
    // The pool goes on working afterwards.
    expect((await egressFetch(`${base}/echo`)).status).toBe(201);
  });

  it("reuses a kept-alive connection to the same checked address", async () => {
    allow("127.0.0.1");
    ports.length = 0;
    for (let i = 0; i < 6; i++) expect((await egressFetch(`${base}/echo`)).status).toBe(201);
    // The answer is handed over as soon as it is read, a moment before its connection is free again, so a
    // request sent straight after it may open a second one; after that they take turns.
    expect(new Set(ports).size).toBeLessThanOrEqual(2);
  });

  it("guardedFetch is a fetch for libraries, with the same refusals", async () => {
    await expect(guardedFetch(`${base}/echo`)).rejects.toThrow(/private or local address/);
    allow("127.0.0.1");
    const res = await guardedFetch(`${base}/echo`, { method: "POST", body: "hi" });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ method: "POST", body: "hi" });
    await expect(checkEgressUrl(`${base}/x`)).resolves.toMatchObject({ address: "127.0.0.1" });
  });
});
