"use client";

import { useTheme } from "next-themes";
import { Suspense, useEffect } from "react";
import { InboxApiProvider } from "@/components/inbox/inbox-api";
import { InboxView } from "@/components/inbox/inbox-view";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";

/** The inbox inside another app's iframe: token-scoped API and socket, no session, no app shell. */
export function EmbedInbox({
  token,
  embedId,
  mode,
}: {
  token: string;
  embedId: string;
  mode: "LIGHT" | "DARK" | "SYSTEM";
}) {
  const { setTheme } = useTheme();
  useEffect(() => setTheme(mode.toLowerCase()), [mode, setTheme]);
  return (
    <RealtimeProvider embedToken={token}>
      <InboxApiProvider base={`/api/embed/${token}`} cacheKey={embedId} meId={null} embedded>
        <main className="h-dvh min-h-0">
          <Suspense>
            <InboxView />
          </Suspense>
        </main>
      </InboxApiProvider>
    </RealtimeProvider>
  );
}
