import { resolveEmbedToken, touchEmbed } from "@/lib/embeds/data";
import { originAllowed } from "@/lib/embeds/origins";
import { AppError } from "@/lib/http/errors";
import { dispatchInbox } from "@/lib/inbox/router";
import "@/lib/inbox/routes";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ token: string; path: string[] }> };

// The embed's door to the inbox API: the token in the path, no cookie. A call from a page on another
// origin must come from one the embed allows (the iframe itself calls same-origin).
const handler = async (req: Request, { params }: Ctx) => {
  const { token, path } = await params;
  return dispatchInbox(
    async () => {
      const embed = await resolveEmbedToken(token, { touch: false });
      const origin = req.headers.get("origin");
      // The iframe's own calls are same-origin (the browser says so in Sec-Fetch-Site, which pages cannot
      // set); anything else must come from an allowed origin.
      const sameOrigin =
        req.headers.get("sec-fetch-site") === "same-origin" ||
        (!!origin && URL.canParse(origin) && new URL(origin).host === req.headers.get("host"));
      if (origin && !sameOrigin && !originAllowed(origin, embed.allowedOrigins)) {
        throw new AppError("forbidden", "This embed does not allow calls from that origin.");
      }
      // Counted only once the origin passed: a refused caller did not use the embed.
      await touchEmbed(embed.id);
      return embed.access;
    },
    req,
    path,
  );
};

export { handler as GET, handler as PATCH, handler as POST };
