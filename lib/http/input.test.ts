import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { frontDoorProblem, shapeForPath } from "./front-door";
import { jsonDepthExceeds, readJson } from "./input";

const post = (body: string, type = "application/json") =>
  new Request("http://x/", { method: "POST", body, headers: { "content-type": type } });
const failure = async (p: Promise<unknown>) =>
  (await p.then(
    () => null,
    (e: unknown) => e,
  )) as AppError;

describe("readJson", () => {
  it("reads a JSON object", async () => {
    expect(await readJson(post('{"a":[1,{"b":"ü"}]}'), { maxBytes: 100, object: true })).toEqual({
      a: [1, { b: "ü" }],
    });
  });

  it.each([
    ["a string", '"x"', 400, /object, not a string/],
    ["a number", "1", 400, /object, not a number/],
    ["true", "true", 400, /object, not a boolean/],
    ["null", "null", 400, /object, not null/],
    ["an array", "[]", 400, /object, not an array/],
    ["not JSON", "{", 400, /not valid JSON/],
    ["NUL", '{"a":"x\\u0000"}', 400, /a contains a NUL/],
    ["a NUL key", '{"x\\u0000":1}', 400, /NUL/],
    ["a lone surrogate", '{"a":["ok","\\ud83d"]}', 400, /a\[1\] contains a lone surrogate/],
    ["deep nesting", `${"[".repeat(65)}${"]".repeat(65)}`, 400, /nested deeper than 64/],
  ])("refuses %s with a 400 naming it", async (_what, body, status, message) => {
    const e = await failure(readJson(post(body), { maxBytes: 1 << 20, object: true }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.status).toBe(status);
    expect(e.message).toMatch(message);
  });

  it("refuses a non-JSON content type with 415 and an oversized body with 413", async () => {
    expect((await failure(readJson(post("{}", "text/plain"), { maxBytes: 10 }))).status).toBe(415);
    expect((await failure(readJson(post(`{"a":"${"x".repeat(50)}"}`), { maxBytes: 10 }))).status).toBe(413);
  });

  it("counts depth without being fooled by brackets inside strings", () => {
    expect(jsonDepthExceeds('{"a":"[[[[[[[[[["}', 2)).toBe(false);
    expect(jsonDepthExceeds('{"a":"\\"[[[["}', 2)).toBe(false);
    expect(jsonDepthExceeds("[[[]]]", 2)).toBe(true);
  });
});

const incoming = (url: string, headers: Record<string, string> = {}, method = "GET") =>
  ({ url, method, headers }) as unknown as IncomingMessage;

describe("front door", () => {
  it("answers malformed percent-encoding in the path or query with a 400", () => {
    expect(frontDoorProblem(incoming("/platform/v1/users/%E0%A4%A"), false)?.status).toBe(400);
    expect(frontDoorProblem(incoming("/api/health?x=100%"), false)?.status).toBe(400);
    expect(frontDoorProblem(incoming("/api/health?x=%20ok+fine&y=%C3%BC"), false)).toBeNull();
  });

  it("refuses a server action from another origin with 403, and lets our own through", () => {
    const action = (h: Record<string, string>) =>
      frontDoorProblem(
        incoming("/p/demo", { "next-action": "abc", host: "sb.local:3000", ...h }, "POST"),
        false,
      );
    expect(action({ origin: "https://evil.example" })?.status).toBe(403);
    expect(action({ "sec-fetch-site": "cross-site" })?.status).toBe(403);
    expect(action({ origin: "http://sb.local:3000" })).toBeNull();
  });

  it("picks the error shape from the path", () => {
    expect(shapeForPath("/platform/v1/x")).toBe("kapso");
    expect(shapeForPath("/meta/whatsapp/v24.0/1")).toBe("graph");
    expect(shapeForPath("/api/projects/x")).toBe("dashboard");
  });
});
