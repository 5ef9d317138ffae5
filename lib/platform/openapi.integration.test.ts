import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { platformOpenApi } from "./openapi";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Every route.ts under app/platform, as an OpenAPI path, with the methods its handlers serve. */
function platformRouteFiles(): { path: string; file: string }[] {
  const root = join(process.cwd(), "app");
  const out: { path: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const segments = relative(root, dir).split("/");
        // Catch-alls answer unknown paths (404 JSON); openapi.json is the document itself.
        if (segments.some((s) => s.startsWith("[..."))) continue;
        if (segments.at(-1) === "openapi.json") continue;
        out.push({ path: `/${segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/")}`, file: full });
      }
    }
  };
  walk(join(root, "platform"));
  return out;
}

describe("OpenAPI document", () => {
  it("validates as OpenAPI 3.1", async () => {
    const doc = structuredClone(platformOpenApi());
    await expect(SwaggerParser.validate(doc as never)).resolves.toBeTruthy();
    expect(doc.openapi).toBe("3.1.0");
  });

  it("covers every Platform route file and every method it serves", async () => {
    const doc = platformOpenApi() as { paths: Record<string, Record<string, unknown>> };
    const files = platformRouteFiles();
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const { path, file } of files) {
      expect(doc.paths[path], `${file} is not in the OpenAPI document`).toBeDefined();
      const mod = (await import(file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
      for (const m of METHODS) {
        if (!mod[m]) continue;
        const documented = !!doc.paths[path]?.[m.toLowerCase()];
        // A method that is not documented must be one the route refuses (405), never a hidden endpoint.
        if (!documented) {
          const res = await mod[m](new Request(`http://x${path}`, { method: m }), {
            params: Promise.resolve({}),
          });
          expect(res.status, `${m} ${path} is served but not documented`).toBe(405);
        }
      }
    }
  });

  it("documents request bodies, query parameters and the error shape", () => {
    const doc = platformOpenApi() as {
      paths: Record<
        string,
        Record<
          string,
          { parameters: { name: string }[]; requestBody?: unknown; responses: Record<string, unknown> }
        >
      >;
    };
    const list = doc.paths["/platform/v1/whatsapp/conversations"]?.get;
    expect(list?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["limit", "after", "last_active_since"]),
    );
    expect(doc.paths["/platform/v1/inbox_embeds"]?.post?.requestBody).toBeDefined();
    expect(doc.paths["/platform/v1/inbox_embeds"]?.post?.responses["201"]).toBeDefined();
    expect(doc.paths["/meta/whatsapp/{version}/{phone_number_id}/messages"]?.get).toBeDefined();
    expect(readFileSync(join(process.cwd(), "app/platform/v1/openapi.json/route.ts"), "utf8")).toContain(
      "openApiRoute",
    );
  });
});
