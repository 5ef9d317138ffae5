// The inbound log answers "did Meta ever send this?": a search finds events by (part of) a message id,
// and only by that; the rest of the body (field names full of "_", message text) does not match.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeProject } from "@/prisma/factories";
import { listInbound } from "./data";

function metaBody(wamid: string, text: string) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "waba-1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { phone_number_id: "pn-1", display_phone_number: "15550001111" },
              messages: [{ id: wamid, from: "15557654321", type: "text", text: { body: text } }],
            },
          },
        ],
      },
    ],
  };
}

describe("inbound log search", () => {
  it("finds events by all or part of a wamid, never by the rest of the body", async () => {
    const ctx = await makeProject();
    const other = await makeProject();
    const a = "wamid.HBgLMTU1NTc2NTQzMjEVAgASGBQzQUI0QjA0RkVBQkQ1";
    const b = "wamid.HBgLMTU1NTc2NTQzMjEVAgASGBQzRkY3NzE0OUE1MEU2";
    await db().webhookEvent.createMany({
      data: [
        { projectId: ctx.projectId, body: metaBody(a, "where is my order_42?"), status: "PROCESSED" },
        { projectId: ctx.projectId, body: metaBody(b, "hello (again) [x]"), status: "PROCESSED" },
        { projectId: other.projectId, body: metaBody(a, "same id, other project"), status: "PROCESSED" },
      ],
    });
    // A status update arrives later than the message it is about.
    await db().webhookEvent.create({
      data: {
        projectId: ctx.projectId,
        status: "PROCESSED",
        body: {
          object: "whatsapp_business_account",
          entry: [
            {
              id: "waba-1",
              changes: [{ field: "messages", value: { statuses: [{ id: b, status: "delivered" }] } }],
            },
          ],
        },
      },
    });
    const ids = async (wamid: string) =>
      (await listInbound(ctx.projectId, { wamid })).map((e) => e.wamids[0]).sort();
    expect(await ids(a)).toEqual([a]);
    expect(await ids(a.slice("wamid.".length))).toEqual([a]);
    expect(await ids("QUI0QjA0RkVB")).toEqual([a]);
    expect(await ids("HBgLMTU1NTc2")).toEqual([a, b, b].sort());
    // Text and field names are not message ids; regex characters are taken literally.
    expect(await ids("_")).toEqual([]);
    expect(await ids("order")).toEqual([]);
    expect(await ids("messaging_product")).toEqual([]);
    expect(await ids(".*")).toEqual([]);
    expect(await ids("(again)")).toEqual([]);
    expect(await ids("[x]")).toEqual([]);
    const all = await listInbound(ctx.projectId, {});
    expect(all).toHaveLength(3);
    // Each says what it carried (newest first).
    expect(all.map((e) => e.contents)).toEqual([
      ["status: delivered"],
      ["message (text)"],
      ["message (text)"],
    ]);
  });
});
