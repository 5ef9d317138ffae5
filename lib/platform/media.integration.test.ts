import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/mutations";
import { db } from "@/lib/db/client";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeProject, memberActor, memberScope } from "@/prisma/factories";

// POST /platform/v1/whatsapp/media over real HTTP: the app (with the sandbox's Graph API) on one port, a
// file server on another. The file server is reached by the name "localhost", which this run allows;
// its address written as 127.0.0.1 is not allowed, so the same file there must be refused unfetched.
const MEDIA_DIR = mkdtempSync(path.join(tmpdir(), "switchboard-ingest-"));
const PORT = await freePort();
process.env.MEDIA_DIR = MEDIA_DIR;
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;
process.env.EGRESS_ALLOW_HOSTS = "localhost";

const MB = 1024 * 1024;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("a small test image body"),
]);

let app: Awaited<ReturnType<typeof startAppServer>>;
let files: Server;
let filesPort = 0;
/** Requests the file server got, and how many bytes it managed to send for each. */
const served: { path: string; sent: number; closedEarly: boolean }[] = [];

function startFileServer(): Promise<Server> {
  const s = createServer(async (req, res) => {
    const entry = { path: req.url ?? "", sent: 0, closedEarly: false };
    served.push(entry);
    res.on("close", () => {
      entry.closedEarly = !res.writableFinished;
    });
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/logo.png") {
      res.writeHead(200, { "content-type": "image/png", "content-length": PNG.length });
      entry.sent = PNG.length;
      return res.end(PNG);
    }
    if (url.pathname === "/no-type/report.pdf") {
      const pdf = Buffer.from("%PDF-1.4\n% a tiny test document\n");
      res.writeHead(200, { "content-type": "application/octet-stream" });
      entry.sent = pdf.length;
      return res.end(pdf);
    }
    if (url.pathname === "/slow.png") {
      // Answers after a while: ingests of it stay in flight together.
      await new Promise((r) => setTimeout(r, 1500));
      res.writeHead(200, { "content-type": "image/png", "content-length": PNG.length });
      entry.sent = PNG.length;
      return res.end(PNG);
    }
    if (url.pathname === "/page.html") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<html></html>");
    }
    if (url.pathname === "/moved.png") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" });
      return res.end();
    }
    if (url.pathname === "/declared-huge.jpg") {
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": 6 * MB });
      return res.write(Buffer.alloc(1024));
    }
    if (url.pathname === "/endless.jpg") {
      // 40 MB, chunked (no length to refuse it by): the reader must stop at the 5 MB image limit.
      res.writeHead(200, { "content-type": "image/jpeg" });
      const chunk = Buffer.alloc(64 * 1024, 1);
      chunk[0] = 0xff;
      while (entry.sent < 40 * MB && !res.destroyed) {
        entry.sent += chunk.length;
        if (!res.write(chunk))
          await new Promise<void>((resolve) => {
            const go = () => {
              res.off("drain", go).off("close", go);
              resolve();
            };
            res.on("drain", go).on("close", go);
          });
      }
      return res.end();
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

let key = "";
let pn = "";
let numberId = "";

beforeAll(async () => {
  app = await startAppServer(PORT);
  files = await startFileServer();
  filesPort = (files.address() as AddressInfo).port;
  const ctx = await makeProject();
  ({ key } = await createApiKey(memberScope(ctx), memberActor(ctx), { name: "ingest" }));
  const sandbox = await db().phoneNumber.findFirstOrThrow({
    where: { projectId: ctx.projectId, kind: "SANDBOX" },
  });
  pn = sandbox.phoneNumberId;
  numberId = sandbox.id;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await new Promise((r) => files?.close(r));
  await rm(MEDIA_DIR, { recursive: true, force: true });
});

interface Ingested {
  delivery: string;
  source: { filename: string; mime_type: string; file_size: number; sha256: string };
  target: { type: string; handle: string; media_type: string; expires_at: string | null };
}

async function ingest(media_ingest: Record<string, unknown>, apiKey = key) {
  const res = await fetch(`${app.url}/platform/v1/whatsapp/media`, {
    method: "POST",
    headers: { "x-api-key": apiKey, "content-type": "application/json" },
    body: JSON.stringify({ media_ingest: { phone_number_id: pn, ...media_ingest } }),
  });
  return { status: res.status, body: (await res.json()) as { data: Ingested; error?: string } };
}

const local = (p: string) => `http://localhost:${filesPort}${p}`;

describe("POST /platform/v1/whatsapp/media", () => {
  it("fetches a file from an allowed server and uploads it to the number as a media id", async () => {
    const r = await ingest({ source: local("/logo.png") });
    expect(r.status).toBe(201);
    const d = r.body.data;
    expect(d.delivery).toBe("meta_media");
    expect(d.source).toMatchObject({ filename: "logo.png", mime_type: "image/png", file_size: PNG.length });
    expect(d.target.type).toBe("meta_media");
    expect(d.target.media_type).toBe("image");
    expect(Date.parse(d.target.expires_at ?? "") - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    // The simulator holds exactly the bytes served, under the handle answered.
    const uploaded = await db().sandboxMedia.findUniqueOrThrow({ where: { id: d.target.handle } });
    expect(Buffer.from(uploaded.data).equals(PNG)).toBe(true);
    expect(uploaded.phoneNumberId).toBe(pn);
    // And the project keeps it for the inbox.
    const kept = await db().media.findFirstOrThrow({ where: { metaMediaId: d.target.handle } });
    expect(kept.phoneNumberId).toBe(numberId);
  });

  it("types a file by its name when the server calls it octet-stream, and makes a resumable handle", async () => {
    const r = await ingest({ source: local("/no-type/report.pdf"), delivery: "meta_resumable_asset" });
    expect(r.status).toBe(201);
    expect(r.body.data.source.mime_type).toBe("application/pdf");
    expect(r.body.data.target).toMatchObject({ type: "meta_resumable_asset", media_type: "document" });
    expect(r.body.data.target.handle).toEqual(expect.any(String));
    expect(r.body.data.target.expires_at).toBeNull();
  });

  it("refuses a private address the allow-list does not name, without fetching it", async () => {
    const before = served.length;
    const loopback = await ingest({ source: `http://127.0.0.1:${filesPort}/logo.png` });
    expect(loopback.status).toBe(422);
    expect(loopback.body.error).toMatch(/private or local/);
    const metadata = await ingest({ source: "http://169.254.169.254/latest/meta-data/" });
    expect(metadata.status).toBe(422);
    expect(metadata.body.error).toMatch(/private or local/);
    expect(served.length).toBe(before);
  });

  it("runs at most three ingests at once and tells a fourth caller to retry", async () => {
    const all = await Promise.all([1, 2, 3, 4].map(() => ingest({ source: local("/slow.png") })));
    expect(all.map((r) => r.status).sort()).toEqual([201, 201, 201, 429]);
    expect(all.find((r) => r.status === 429)?.body.error).toMatch(/retry/);
    // Once they are done, the next one runs.
    expect((await ingest({ source: local("/logo.png") })).status).toBe(201);
  });

  it("does not follow a redirect (it could lead into the network)", async () => {
    const r = await ingest({ source: local("/moved.png") });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/redirect/);
  });

  it("stops reading at the type's limit while the file streams in", async () => {
    const declared = await ingest({ source: local("/declared-huge.jpg") });
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatch(/5 MB/);

    const endless = await ingest({ source: local("/endless.jpg") });
    expect(endless.status).toBe(413);
    const entry = served.find((s) => s.path === "/endless.jpg");
    // Cut off near 5 MB (plus what the socket buffers held), far from the 40 MB on offer.
    await expect.poll(() => entry?.closedEarly).toBe(true);
    expect(entry!.sent).toBeLessThan(20 * MB);
  });

  it("refuses types WhatsApp does not take, missing files and foreign numbers, naming the field", async () => {
    const html = await ingest({ source: local("/page.html") });
    expect(html.status).toBe(422);
    expect(html.body.error).toMatch(/text\/html/);
    const typed = await ingest({ source: local("/logo.png"), mime_type: "image/gif" });
    expect(typed.status).toBe(422);
    expect(typed.body.error).toMatch(/image\/gif/);
    const resumableAudio = await ingest({
      source: local("/logo.png"),
      mime_type: "audio/mpeg",
      delivery: "meta_resumable_asset",
    });
    expect(resumableAudio.status).toBe(422);
    expect(resumableAudio.body.error).toMatch(/meta_resumable_asset/);
    const missing = await ingest({ source: local("/nope.png") });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/HTTP 404/);
    const ftp = await ingest({ source: "ftp://localhost/logo.png" });
    expect(ftp.status).toBe(422);
    expect(ftp.body.error).toMatch(/media_ingest\.source/);

    const other = await makeProject();
    const { key: otherKey } = await createApiKey(memberScope(other), memberActor(other), { name: "o" });
    const foreign = await ingest({ source: local("/logo.png") }, otherKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatch(/not in this project/);
  });
});
