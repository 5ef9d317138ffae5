import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { numberByMetaId } from "@/lib/numbers/credentials";
import { startAppServer } from "@/lib/testing/app-server";
import { freePort } from "@/lib/testing/free-port";
import { makeProject } from "@/prisma/factories";
import { resumableUpload } from "./mutations";

// Our side of Meta's resumable upload, against the simulator over real HTTP: the handle it answers is
// the one the simulator accepts as a template sample.
const PORT = await freePort();
process.env.INTERNAL_URL = `http://127.0.0.1:${PORT}`;

let server: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  server = await startAppServer(PORT);
});
afterAll(async () => server.close());

describe("resumable upload", () => {
  it("opens a session on the account, sends the bytes and answers the handle", async () => {
    const ctx = await makeProject();
    const row = await db().phoneNumber.findFirstOrThrow({ where: { projectId: ctx.projectId } });
    const n = (await numberByMetaId(row.phoneNumberId))!;
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const handle = await resumableUpload(n, { name: "a.png", type: "image/png", bytes });
    expect(handle).toMatch(/^4::/);
    const stored = await db().sandboxUpload.findUniqueOrThrow({ where: { handle } });
    expect(new Uint8Array(stored.data)).toEqual(bytes);
  });
});
