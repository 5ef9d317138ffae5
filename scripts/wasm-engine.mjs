// Loads Prisma's WASM schema engine with a pg driver adapter, so migrations can be diffed offline
// (the native engine is a download this network does not allow). See TOOLCHAIN.md §4.1.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

const require = createRequire(import.meta.url);

async function adminQuery(cfg, sql) {
  const c = new pg.Client({ ...cfg, database: "postgres" });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function shadowAwareFactory(cfg) {
  const base = new PrismaPg(cfg);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    async connectToShadowDb() {
      const name = `prisma_shadow_${randomUUID().replace(/-/g, "")}`;
      await adminQuery(cfg, `CREATE DATABASE "${name}"`);
      const shadow = await new PrismaPg({ ...cfg, database: name }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await adminQuery(cfg, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return shadow;
    },
  };
}

export async function loadSchemaEngine({
  schemaPath = "prisma/schema.prisma",
  connectionString,
  log = () => {},
}) {
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasm = await readFile(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(wasm, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  const datamodel = await readFile(schemaPath, "utf8");
  const u = new URL(connectionString);
  const cfg = {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
  };
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaPath, datamodel]] },
    log,
    bindMigrationAwareSqlAdapterFactory(shadowAwareFactory(cfg)),
  );
  return { engine, datamodel, schemaPath };
}
