import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, parseOrThrow } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";
import { customerSend } from "@/lib/sandbox/customer";
import { customerInputSchema } from "@/lib/sandbox/customer-schema";
import { authorizeSandboxNumber, phoneView } from "@/lib/sandbox/phone";

export const dynamic = "force-dynamic";

const viewQuery = z.object({
  numberId: z.string().min(1),
  customer: z.string().regex(/^\d{8,15}$/, "customer must be 8–15 digits"),
});

/** The simulated phone's chat (signed-in members of the number's project only). */
export async function GET(req: Request) {
  try {
    const q = parseOrThrow(viewQuery, Object.fromEntries(new URL(req.url).searchParams));
    const number = await authorizeSandboxNumber(q.numberId);
    return NextResponse.json(await phoneView(number, q.customer));
  } catch (e) {
    return errorResponse(e, "sandbox phone");
  }
}

/** The customer does something: JSON, or multipart with `payload` (JSON) and `file` for an image. */
export async function POST(req: Request) {
  try {
    let raw: unknown;
    let file: { data: Buffer; mimeType: string; name: string } | undefined;
    if ((req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
      const form = await req.formData().catch(() => {
        throw new AppError("validation", "Send the image as multipart/form-data with a file field", {
          fields: { file: "Invalid upload" },
        });
      });
      try {
        raw = JSON.parse(String(form.get("payload") ?? "{}"));
      } catch {
        throw new AppError("validation", "payload must be JSON", { fields: { payload: "Invalid JSON" } });
      }
      const f = form.get("file");
      if (f instanceof File)
        file = { data: Buffer.from(await f.arrayBuffer()), mimeType: f.type, name: f.name };
    } else raw = await req.json().catch(() => null);
    const input = parseOrThrow(customerInputSchema, raw);
    const number = await authorizeSandboxNumber(input.numberId);
    return NextResponse.json(await customerSend(number, input, file));
  } catch (e) {
    return errorResponse(e, "sandbox phone");
  }
}
