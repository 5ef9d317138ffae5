// Seeds an inbox-sized project straight in SQL (INSERT ... SELECT generate_series), for bench/inbox-queries.ts.
//   tsx bench/inbox-seed.ts [database] [conversations] [messages]   (defaults: a fresh DB, 100k, 1M)
// The database is created afresh and migrated by the app's own migration code; the Message indexes are
// dropped for the load and rebuilt from their own definitions afterwards (much faster than 1M index
// inserts), the search triggers fill searchVector exactly as in production, then ANALYZE.
// Shape: 4 numbers (50/30/10/10%), 5 members with ~20% of conversations assigned, 30% ENDED,
// lastMessageAt spread over 90 days, 1–(2×avg−1) messages per conversation, 60% inbound, texts from a
// small vocabulary; "refund" is in ~1% of messages, "Mariana" is the first name of ~1.6% of contacts.
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";

import { freshDatabase } from "./lib";

export { databaseExists, dropDatabase, freshDatabase } from "./lib";

export const BENCH_PROJECT = "bench_project";
export const BENCH_MEMBERS = [1, 2, 3, 4, 5].map((u) => `bench_user_${u}`);
export const BENCH_NUMBERS = [1, 2, 3, 4].map((n) => `bench_num_${n}`);
/** A message word in ~1% of messages, and a contact first-name prefix (~1.6% of contacts). */
export const SEARCH_WORD = "refund";
export const SEARCH_NAME_PREFIX = "mari";

// No word starts with "refund" or "mari": the two searches hit only what the seed meant them to.
const VOCAB = (
  "hello hi thanks please order delivery tomorrow today price invoice payment card cash shipping " +
  "address store open close hours size color blue red green small large medium return exchange " +
  "booking table tonight dinner lunch menu vegan pizza coffee ticket flight seat change cancel " +
  "confirm appointment doctor monday tuesday friday weekend morning evening help problem broken " +
  "screen phone laptop charger cable warranty repair status tracking package arrived late early " +
  "great perfect okay sure yes no maybe when where how much available stock discount coupon code " +
  "account password login email receipt photo video document location map link question answer " +
  "team support agent manager call back number wrong right again still waiting soon"
).split(" ");
const FIRST = (
  "Mariana Ana Lucas Sofia Mateo Valentina Diego Camila Jorge Lucia Pedro Elena Carlos Isabel Juan " +
  "Laura Andres Paula Miguel Daniela Pablo Sara Tomas Julia Hugo Clara Ivan Noa Bruno Emma Leo Olivia " +
  "Omar Aisha Yusuf Fatima Wei Mei Hiro Yuki Raj Priya Arjun Anika Kofi Ama Tunde Zara Liam Nora " +
  "Ethan Grace Noah Chloe Oscar Ruby Felix Ivy Adam Eva Samuel Alma"
).split(" ");
const LAST = (
  "Garcia Silva Santos Rossi Muller Smith Jones Brown Kim Lee Chen Wang Patel Singh Khan Okafor " +
  "Mensah Novak Kowalski Dubois Martin Bernard Moreau Lopez Perez Gomez Diaz Torres Ramos Cruz"
).split(" ");

const sqlArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]::text[]`;

/** Creates database `name` afresh, migrates it and seeds one project. Returns its URL. */
export async function seedInbox(
  name: string,
  opts: { conversations: number; messages: number },
  log: (m: string) => void = (m) => console.log(`[seed ${name}] ${m}`),
): Promise<string> {
  const url = await freshDatabase(name);
  const pool = new pg.Pool({ connectionString: url, max: 1, options: "-c TimeZone=UTC" });
  const q = async (label: string, sql: string) => {
    const t = performance.now();
    const r = await pool.query(sql);
    log(
      `${label}: ${((performance.now() - t) / 1000).toFixed(1)} s${r.rowCount ? ` (${r.rowCount} rows)` : ""}`,
    );
    return r;
  };
  try {
    const { applyMigrations } = await import("../lib/db/migrate");
    await applyMigrations({
      query: async (sql, params) => (await pool.query(sql, params)).rows,
      exec: async (sql) => {
        await pool.query(sql);
      },
    });
    const C = opts.conversations;
    const avg = opts.messages / C; // messages per conversation: uniform on 1 .. 2·avg − 1
    const contacts = Math.round(C * 0.8); // 20% of conversations are a contact's earlier, ENDED one
    await pool.query("SET maintenance_work_mem = '512MB'; SET work_mem = '64MB'; SELECT setseed(0.42)");

    await q(
      "project, 5 members, 4 numbers",
      `INSERT INTO "User" (id, email, name, "updatedAt")
         SELECT 'bench_user_' || u, 'member' || u || '@bench.test', 'Member ' || u, now() FROM generate_series(1, 5) u;
       INSERT INTO "Project" (id, name, slug, "updatedAt") VALUES ('${BENCH_PROJECT}', 'Bench inbox', 'bench-inbox', now());
       INSERT INTO "Membership" (id, "projectId", "userId", role)
         SELECT 'bench_m_' || u, '${BENCH_PROJECT}', 'bench_user_' || u,
                (CASE WHEN u = 1 THEN 'OWNER' ELSE 'MEMBER' END)::"Role" FROM generate_series(1, 5) u;
       INSERT INTO "PhoneNumber" (id, "projectId", "phoneNumberId", "wabaId", "displayPhoneNumber", "verifiedName", kind, "updatedAt")
         SELECT 'bench_num_' || n, '${BENCH_PROJECT}', '1888000' || n,
                '2888000', '+1 555 010 000' || n, 'Bench line ' || n, 'LIVE', now() FROM generate_series(1, 4) n`,
    );
    await q(
      `${contacts} contacts`,
      `INSERT INTO "Contact" (id, "projectId", "waId", "profileName", "updatedAt")
         SELECT 'bench_ct_' || i, '${BENCH_PROJECT}', '1555' || lpad(i::text, 7, '0'),
                CASE WHEN random() < 0.1 THEN NULL
                     ELSE (${sqlArray(FIRST)})[1 + floor(random() * ${FIRST.length})::int] || ' ' ||
                          (${sqlArray(LAST)})[1 + floor(random() * ${LAST.length})::int] END,
                now()
         FROM generate_series(1, ${contacts}) i`,
    );
    // One row per conversation with its random draws, so the conversation and its messages agree.
    await q(
      `plan ${C} conversations`,
      `CREATE TEMP TABLE bc AS
         SELECT i, 'bench_cv_' || lpad(i::text, 7, '0') AS id,
                -- number by i % 10 so a contact's earlier conversation (i − contacts) is on the same number
                'bench_num_' || (CASE WHEN i % 10 < 5 THEN 1 WHEN i % 10 < 8 THEN 2 WHEN i % 10 = 8 THEN 3 ELSE 4 END) AS number,
                'bench_ct_' || (CASE WHEN i <= ${contacts} THEN i ELSE i - ${contacts} END) AS contact,
                -- a contact's earlier conversation is ENDED (one ACTIVE per number and contact); 30% in all
                CASE WHEN i <= ${C - contacts} OR random() < ${(0.3 * C - (C - contacts)) / contacts} THEN 'ENDED' ELSE 'ACTIVE' END AS status,
                CASE WHEN random() < 0.2 THEN 'bench_user_' || (1 + floor(random() * 5)::int) END AS assignee,
                (now() - random() * interval '90 days')::timestamp(3) AS last_at,
                1 + (i * 7919) % ${Math.max(1, Math.round(2 * avg - 1))} AS n,
                floor(random() * 4)::int AS unread
         FROM generate_series(1, ${C}) i`,
    );
    await q(
      "conversations",
      `INSERT INTO "Conversation" (id, "projectId", "phoneNumberId", "contactId", status, "lastInboundAt",
                                   "lastMessageAt", "unreadCount", "endedAt", "assigneeId", "createdAt", "updatedAt")
         SELECT id, '${BENCH_PROJECT}', number, contact, status::"ConversationStatus", last_at, last_at,
                CASE WHEN status = 'ACTIVE' THEN unread ELSE 0 END,
                CASE WHEN status = 'ENDED' THEN last_at END, assignee, last_at - n * interval '7 minutes', last_at
         FROM bc`,
    );
    await q(
      "assignments",
      `INSERT INTO "ConversationAssignment" (id, "projectId", "conversationId", "userId", "assignedById", active, "createdAt")
         SELECT 'bench_as_' || i, '${BENCH_PROJECT}', id, assignee, 'bench_user_1', true, last_at
         FROM bc WHERE assignee IS NOT NULL`,
    );

    // Messages: drop the indexes for the load, rebuild them from their own definitions afterwards.
    const indexes = (
      await pool.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes
         WHERE schemaname = 'public' AND tablename = 'Message' AND indexname <> 'Message_pkey'`,
      )
    ).rows;
    for (const i of indexes) await pool.query(`DROP INDEX "${i.indexname}"`);
    // The per-message conversation-vector trigger is replaced by one bulk update after the load (the same
    // SQL as the migration's backfill).
    await pool.query(`ALTER TABLE "Message" DISABLE TRIGGER conversation_search`);
    const word = (k: number): string =>
      `(${sqlArray(VOCAB)})[1 + floor(random() * ${VOCAB.length})::int]${k > 0 ? ` || ' ' || ${word(k - 1)}` : ""}`;
    await q(
      `${opts.messages} messages (searchVector by trigger)`,
      `INSERT INTO "Message" (id, "projectId", "conversationId", "phoneNumberId", wamid, direction, type, content,
                              status, origin, "sentAt", "createdAt", "updatedAt")
         SELECT 'bench_msg_' || bc.i || '_' || k, '${BENCH_PROJECT}', bc.id, bc.number,
                'wamid.bench.' || bc.i || '.' || k,
                (CASE WHEN inbound THEN 'INBOUND' ELSE 'OUTBOUND' END)::"MessageDirection", 'text',
                CASE WHEN k = 1 AND inbound AND bc.i % 100 = 7
                     THEN jsonb_build_object('text', jsonb_build_object('body', body),
                            'referral', jsonb_build_object('source_type', 'ad', 'headline', 'Spring sale'))
                     ELSE jsonb_build_object('text', jsonb_build_object('body', body)) END,
                (CASE WHEN inbound THEN 'RECEIVED' ELSE 'READ' END)::"MessageStatus",
                (CASE WHEN inbound THEN 'CUSTOMER' ELSE 'OPERATOR' END)::"MessageOrigin",
                at, at, at
         FROM bc, generate_series(1, bc.n) k,
              LATERAL (SELECT k = bc.n OR random() < 0.6 AS inbound,
                              bc.last_at - (bc.n - k) * interval '7 minutes' AS at,
                              CASE WHEN random() < 0.01 THEN '${SEARCH_WORD} ' ELSE '' END || ${word(3)} ||
                              CASE WHEN random() < 0.5 THEN ' ' || ${word(2)} ELSE '' END AS body) x`,
    );
    for (const i of indexes) await q(`index ${i.indexname}`, i.indexdef);
    await q(
      "conversation search vectors",
      `UPDATE "Conversation" c SET "searchVector" = s.v
         FROM (SELECT "conversationId", strip(to_tsvector('simple', string_agg(sb_fold(sb_message_search_text(content::jsonb)), ' '))) v
               FROM "Message" WHERE "projectId" = '${BENCH_PROJECT}' GROUP BY 1) s
        WHERE s."conversationId" = c.id`,
    );
    await pool.query(`ALTER TABLE "Message" ENABLE TRIGGER conversation_search`);
    await q("ANALYZE", "ANALYZE");
    await q("VACUUM (visibility map)", `VACUUM "Message", "Conversation", "Contact"`);
    const counts = (
      await pool.query<{ c: string; m: string; hit: string }>(
        `SELECT (SELECT count(*) FROM "Conversation") c, (SELECT count(*) FROM "Message") m,
                (SELECT count(*) FROM "Message" WHERE "searchVector" @@ to_tsquery('simple', '${SEARCH_WORD}:*')) hit`,
      )
    ).rows[0]!;
    log(
      `done: ${counts.c} conversations, ${counts.m} messages, "${SEARCH_WORD}" in ${counts.hit} (${((100 * Number(counts.hit)) / Number(counts.m)).toFixed(2)}%)`,
    );
  } finally {
    await pool.end();
  }
  return url;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [name = `switchboard_bench_inbox_${randomBytes(3).toString("hex")}`, c = "100000", m = "1000000"] =
    process.argv.slice(2);
  const t = performance.now();
  const url = await seedInbox(name, { conversations: Number(c), messages: Number(m) });
  console.log(`${url} seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}
