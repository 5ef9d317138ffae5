// Same-run ceiling for ingest: a bare node:http server that does one INSERT per request.
import { createServer } from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query("CREATE TABLE IF NOT EXISTS ceiling_events (id bigserial primary key, body jsonb not null)");
createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    await pool.query("INSERT INTO ceiling_events (body) VALUES ($1)", [Buffer.concat(chunks).toString()]);
    res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
  });
}).listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", async () => {
  await pool.end();
  process.exit(0);
});
