import { z } from "zod";
import { AppError, parseOrThrow } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";
import { mediaBytes } from "@/lib/sandbox/assets";
import { authorizeSandboxNumber } from "@/lib/sandbox/phone";

export const dynamic = "force-dynamic";

const mediaQuery = z.object({
  numberId: z.string().min(1),
  mediaId: z.string().regex(/^\d{1,40}$/, "mediaId must be a media id"),
});

/**
 * A file the business sent, as the simulated customer's phone shows it (signed-in members of the
 * number's project only; the file must belong to that number).
 */
export async function GET(req: Request) {
  try {
    const q = parseOrThrow(mediaQuery, Object.fromEntries(new URL(req.url).searchParams));
    const number = await authorizeSandboxNumber(q.numberId);
    const m = await mediaBytes(q.mediaId);
    if (!m || m.phoneNumberId !== number.phoneNumberId) throw new AppError("not_found", "Media not found.");
    return new Response(new Uint8Array(m.data), {
      headers: {
        "Content-Type": m.mimeType,
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
      },
    });
  } catch (e) {
    return errorResponse(e, "sandbox phone media");
  }
}
