// biome-ignore-all lint/suspicious/noExplicitAny: Graph's JSON answers are read loosely in this test
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs, stopJobs } from "@/lib/boot/jobs-runtime";
import { db } from "@/lib/db/client";
import { type NumberWithSecrets, numberByMetaId } from "@/lib/numbers/credentials";
import { sandboxJobs } from "@/lib/sandbox/jobs";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeProject } from "@/prisma/factories";

// The simulator's Graph API for templates and profiles over real HTTP: resumable upload, creation with
// the shared rule module, review to APPROVED or REJECTED with a reason delivered by signed webhook to our
// receiver (so MessageTemplate follows live), edits, deletes, the business profile with a photo handle,
// subscribed apps and display-name review.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;
process.env.APP_URL = `http://127.0.0.1:${PORT}`;
process.env.SANDBOX_TEMPLATE_REVIEW_MS = "50";

let server: Awaited<ReturnType<typeof startAppServer>>;
let number: NumberWithSecrets;
let projectId: string;
beforeAll(async () => {
  server = await startAppServer(PORT);
  // The simulator reviews templates and display names in durable jobs.
  await startJobs({ jobs: sandboxJobs, loops: false });
  const ctx = await makeProject();
  projectId = ctx.projectId;
  const row = await db().phoneNumber.findFirstOrThrow({ where: { projectId, kind: "SANDBOX" } });
  number = (await numberByMetaId(row.phoneNumberId))!;
});
afterAll(async () => {
  await stopJobs(2000);
  await server.close();
});

const graph = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}/api/sandbox/graph/v24.0/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${number.accessToken}`,
      ...(body !== undefined && !(body instanceof Uint8Array) ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body:
      body instanceof Uint8Array
        ? (body as unknown as BodyInit)
        : body === undefined
          ? undefined
          : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
};

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array(200).fill(7)]);

async function upload(bytes: Uint8Array, type = "image/png", pieces = 1): Promise<string> {
  const open = await graph(
    "POST",
    `${number.wabaId}/uploads?file_name=a.png&file_length=${bytes.length}&file_type=${type}`,
  );
  expect(open.status).toBe(200);
  const id = String(open.body.id);
  expect(id).toMatch(/^upload:/);
  const size = Math.ceil(bytes.length / pieces);
  let last: Record<string, any> = {};
  for (let off = 0; off < bytes.length; off += size) {
    const r = await graph("POST", id, bytes.slice(off, off + size), { file_offset: String(off) });
    expect(r.status).toBe(200);
    last = r.body;
  }
  return String(last.h);
}

describe("resumable upload", () => {
  it("takes a file in pieces, resumes from the offset it reports, and answers a handle", async () => {
    const open = await graph(
      "POST",
      `${number.wabaId}/uploads?file_name=a.png&file_length=${PNG.length}&file_type=image/png`,
    );
    const id = String(open.body.id);
    const first = await graph("POST", id, PNG.slice(0, 100), { file_offset: "0" });
    expect(first.body).toEqual({ id, file_offset: 100 });
    // A piece sent for the wrong offset is refused; GET says where to resume.
    const wrong = await graph("POST", id, PNG.slice(50), { file_offset: "50" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.error_data.details).toContain("file_offset must be 100");
    expect((await graph("GET", id)).body).toEqual({ id, file_offset: 100 });
    const done = await graph("POST", id, PNG.slice(100), { file_offset: "100" });
    expect(String(done.body.h)).toMatch(/^4::/);
    expect(await upload(PNG, "image/png", 3)).toMatch(/^4::/);
  });
  it("refuses types and sizes Meta refuses, and other accounts' tokens", async () => {
    const bad = await graph(
      "POST",
      `${number.wabaId}/uploads?file_name=a.gif&file_length=10&file_type=image/gif`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.error_data.details).toContain("file_type");
    const big = await graph(
      "POST",
      `${number.wabaId}/uploads?file_name=a.png&file_length=${6 * 1024 * 1024}&file_type=image/png`,
    );
    expect(big.status).toBe(400);
    const other = await makeProject();
    const otherNumber = await db().phoneNumber.findFirstOrThrow({ where: { projectId: other.projectId } });
    const res = await graph(
      "POST",
      `${otherNumber.wabaId}/uploads?file_name=a.png&file_length=10&file_type=image/png`,
    );
    expect(res.status).toBe(401);
  });
});

describe("templates", () => {
  it("creates a NAMED marketing template with a media header; review approves it by webhook", async () => {
    const handle = await upload(PNG);
    const created = await graph("POST", `${number.wabaId}/message_templates`, {
      name: "spring_sale",
      language: "en_US",
      category: "MARKETING",
      parameter_format: "NAMED",
      components: [
        { type: "HEADER", format: "IMAGE", example: { header_handle: [handle] } },
        {
          type: "BODY",
          text: "Hi {{first_name}}, spring prices are here for you.",
          example: { body_text_named_params: [{ param_name: "first_name", example: "Ana" }] },
        },
        { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Show me" }] },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: "PENDING", category: "MARKETING" });
    const t = await until(
      () => db().messageTemplate.findFirst({ where: { projectId, name: "spring_sale" } }),
      (r) => r?.status === "APPROVED" && r.qualityScore === "GREEN",
    );
    expect(t).toMatchObject({ status: "APPROVED", qualityScore: "GREEN" });
    const got = await graph("GET", String(created.body.id));
    expect(got.body).toMatchObject({ parameter_format: "NAMED", status: "APPROVED" });
  });

  it("refuses what the rule module refuses, naming the field and the rule", async () => {
    const r = await graph("POST", `${number.wabaId}/message_templates`, {
      name: "mixed",
      language: "en_US",
      category: "MARKETING",
      components: [{ type: "BODY", text: "Hi {{1}} and {{name}} here", example: { body_text: [["a"]] } }],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.error_subcode).toBe(2388047);
    expect(r.body.error.error_data.details).toContain("components.BODY.text");
    expect(r.body.error.error_data.details).toContain("[variables.mixed]");
    const long = await graph("POST", `${number.wabaId}/message_templates`, {
      name: "long",
      language: "en_US",
      category: "MARKETING",
      components: [{ type: "BODY", text: "x".repeat(1025) }],
    });
    expect(long.body.error.error_subcode).toBe(2388040);
  });

  it("rejects with a reason, lets a rejected template be edited, and re-reviews it", async () => {
    const created = await graph("POST", `${number.wabaId}/message_templates`, {
      name: "promo_as_utility",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Big sale this weekend on every item." }],
    });
    const id = String(created.body.id);
    const rejected = await until(
      () => db().messageTemplate.findFirst({ where: { projectId, metaTemplateId: id } }),
      (r) => r?.status === "REJECTED",
    );
    expect(rejected?.rejectedReason).toBe("INCORRECT_CATEGORY");
    // A pending one cannot be edited; a rejected one can, and goes back through review.
    const edit = await graph("POST", id, {
      category: "MARKETING",
      components: [{ type: "BODY", text: "Big sale this weekend on every item." }],
    });
    expect(edit.body).toEqual({ success: true });
    const again = await graph("POST", id, { components: [{ type: "BODY", text: "x" }] });
    expect(again.status).toBe(400);
    expect(again.body.error.error_data.details).toContain("[edit.status]");
    const approved = await until(
      () => db().messageTemplate.findFirst({ where: { projectId, metaTemplateId: id } }),
      (r) => r?.status === "APPROVED",
    );
    expect(approved?.status).toBe("APPROVED");
    // An approved template keeps its category.
    const cat = await graph("POST", id, {
      category: "UTILITY",
      components: [{ type: "BODY", text: "Hello there." }],
    });
    expect(cat.body.error.error_data.details).toContain("[edit.category]");
    // An approved template may be edited once in 24 hours: the edit goes back to review, and once
    // approved again a second edit the same day is refused with the reason.
    const first = await graph("POST", id, { components: [{ type: "BODY", text: "Hello there, friend." }] });
    expect(first.body).toEqual({ success: true });
    await until(
      () => db().messageTemplate.findFirst({ where: { projectId, metaTemplateId: id } }),
      (r) => r?.status === "APPROVED" && JSON.stringify(r.components).includes("friend"),
    );
    const second = await graph("POST", id, { components: [{ type: "BODY", text: "Hello again." }] });
    expect(second.status).toBe(400);
    expect(second.body.error.error_data.details).toContain("[edit.daily_limit]");
  });

  it("a body ending in a variable is rejected in review with INVALID_FORMAT and the reason", async () => {
    const created = await graph("POST", `${number.wabaId}/message_templates`, {
      name: "edge_var",
      language: "en_US",
      category: "UTILITY",
      components: [{ type: "BODY", text: "Your code is {{1}}", example: { body_text: [["42"]] } }],
    });
    const t = await until(
      () => db().messageTemplate.findFirst({ where: { projectId, metaTemplateId: String(created.body.id) } }),
      (r) => r?.status === "REJECTED",
    );
    expect(t?.rejectedReason).toBe("INVALID_FORMAT");
  });

  it("deletes one language by hsm_id, or every language by name", async () => {
    const body = (language: string) => ({
      name: "bye",
      language,
      category: "UTILITY",
      components: [{ type: "BODY", text: "Your order is on its way." }],
    });
    const en = await graph("POST", `${number.wabaId}/message_templates`, body("en_US"));
    await graph("POST", `${number.wabaId}/message_templates`, body("es"));
    await graph("POST", `${number.wabaId}/message_templates`, body("pt_BR"));
    expect((await graph("DELETE", `${number.wabaId}/message_templates?hsm_id=${en.body.id}`)).body).toEqual({
      success: true,
    });
    expect(await db().sandboxTemplate.count({ where: { wabaId: number.wabaId, name: "bye" } })).toBe(2);
    expect((await graph("DELETE", `${number.wabaId}/message_templates?name=bye`)).body).toEqual({
      success: true,
    });
    expect(await db().sandboxTemplate.count({ where: { wabaId: number.wabaId, name: "bye" } })).toBe(0);
    expect((await graph("DELETE", `${number.wabaId}/message_templates?name=bye`)).status).toBe(404);
  });
});

describe("business profile, subscription, display name", () => {
  it("stores the profile with a photo set by handle, and refuses Meta's limits", async () => {
    const handle = await upload(PNG);
    const r = await graph("POST", `${number.phoneNumberId}/whatsapp_business_profile`, {
      messaging_product: "whatsapp",
      about: "Open 9–5",
      websites: ["https://example.com"],
      vertical: "RETAIL",
      profile_picture_handle: handle,
    });
    expect(r.body).toEqual({ success: true });
    const got = await graph("GET", `${number.phoneNumberId}/whatsapp_business_profile`);
    expect(got.body.data[0]).toMatchObject({ about: "Open 9–5", vertical: "RETAIL" });
    const url = String(got.body.data[0].profile_picture_url);
    const photo = await fetch(url, { headers: { authorization: `Bearer ${number.accessToken}` } });
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);
    for (const [field, value] of [
      ["about", "x".repeat(140)],
      ["email", "not-an-email"],
      ["websites", ["ftp://x.com"]],
      ["vertical", "SPACESHIPS"],
      ["profile_picture_handle", "4::nope"],
    ] as const) {
      const bad = await graph("POST", `${number.phoneNumberId}/whatsapp_business_profile`, {
        messaging_product: "whatsapp",
        [field]: value,
      });
      expect(bad.status, field).toBe(400);
      expect(bad.body.error.error_data.details).toContain(field);
    }
  });

  it("unsubscribes and subscribes the app", async () => {
    expect((await graph("GET", `${number.wabaId}/subscribed_apps`)).body.data).toHaveLength(1);
    await graph("DELETE", `${number.wabaId}/subscribed_apps`);
    expect((await graph("GET", `${number.wabaId}/subscribed_apps`)).body.data).toEqual([]);
    await graph("POST", `${number.wabaId}/subscribed_apps`);
    expect((await graph("GET", `${number.wabaId}/subscribed_apps`)).body.data).toHaveLength(1);
  });

  it("reviews a display name: approved names apply, others are declined by webhook", async () => {
    expect((await graph("POST", number.phoneNumberId, { new_display_name: "Acme Bikes" })).body).toEqual({
      success: true,
    });
    expect((await graph("GET", number.phoneNumberId)).body.new_name_status).toBe("PENDING_REVIEW");
    const applied = await until(
      () => graph("GET", number.phoneNumberId),
      (r) => r.body.verified_name === "Acme Bikes",
    );
    expect(applied.body.verified_name).toBe("Acme Bikes");
    await until(
      () => db().phoneNumber.findUniqueOrThrow({ where: { id: number.id } }),
      (r) => r.verifiedName === "Acme Bikes",
    );
    await graph("POST", number.phoneNumberId, { new_display_name: "WhatsApp Deals" });
    const declined = await until(
      () => graph("GET", number.phoneNumberId),
      (r) => r.body.new_name_status === "DECLINED",
    );
    expect(declined.body.verified_name).toBe("Acme Bikes");
  });
});
