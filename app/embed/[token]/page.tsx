import type { Metadata } from "next";
import { unauthorized } from "next/navigation";
import { EmbedInbox } from "@/components/embeds/embed-inbox";
import { resolveEmbedToken } from "@/lib/embeds/data";

export const metadata: Metadata = { title: "Inbox", robots: { index: false } };

// The embeddable inbox. server.ts sets this response's CSP frame-ancestors from the embed's allowed
// origins (lib/embeds/frame.ts); every API call and the socket re-check the token and its scope.
export default async function EmbedPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ mode?: string }>;
}) {
  const { token } = await params;
  const embed = await resolveEmbedToken(token, { touch: false }).catch(() => null);
  if (!embed) unauthorized();
  const requested = (await searchParams).mode?.toUpperCase();
  const mode =
    requested === "LIGHT" || requested === "DARK" || requested === "SYSTEM" ? requested : embed.defaultMode;
  return <EmbedInbox token={token} embedId={embed.id} mode={mode} />;
}
