// Recreates the end-to-end test database so each Playwright run starts from a first boot.
import pg from "pg";

const url = new URL(process.env.DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/switchboard_e2e");
const name = url.pathname.slice(1);
const admin = new URL(url);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await client.query(`CREATE DATABASE "${name}"`);
await client.end();
console.log(`[e2e] fresh database ${name}`);
