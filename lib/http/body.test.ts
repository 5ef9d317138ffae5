import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readBodyLimited } from "./body";

const chunked = (parts: string[]) =>
  new Request("http://x/", {
    method: "POST",
    body: new ReadableStream({
      start(c) {
        for (const p of parts) c.enqueue(new TextEncoder().encode(p));
        c.close();
      },
    }),
    // @ts-expect-error Node's fetch needs duplex for a streamed body
    duplex: "half",
  });

describe("readBodyLimited", () => {
  it("reads a body within the limit", async () => {
    const body = await readBodyLimited(chunked(["ab", "cd"]), 10);
    expect(new TextDecoder().decode(body)).toBe("abcd");
  });

  it("stops a chunked body without Content-Length once it passes the limit", async () => {
    const e = await readBodyLimited(chunked(["x".repeat(600), "y".repeat(600)]), 1000).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(413);
  });

  it("refuses a declared length over the limit before reading", async () => {
    const req = new Request("http://x/", {
      method: "POST",
      body: "z".repeat(20),
      headers: { "content-length": "20" },
    });
    expect(((await readBodyLimited(req, 10).catch((x: unknown) => x)) as AppError).status).toBe(413);
  });
});
