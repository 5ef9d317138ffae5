"use client";

import { Link2Off } from "lucide-react";
import { useTheme } from "next-themes";
import { Suspense, useEffect, useState } from "react";
import { InboxApiProvider } from "@/components/inbox/inbox-api";
import { InboxView } from "@/components/inbox/inbox-view";
import { RealtimeProvider, useRealtimeStatus } from "@/components/realtime/realtime-provider";
import { EmptyState } from "@/components/ui/empty-state";

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
          <RevokedGate token={token}>
            <Suspense>
              <InboxView />
            </Suspense>
          </RevokedGate>
        </main>
      </InboxApiProvider>
    </RealtimeProvider>
  );
}

/**
 * Revoking an embed closes its sockets at once. When this embed's socket drops, ask the API whether the
 * token still works: a 401 means it was revoked (or expired), and the embed says so right away instead of
 * showing a stale inbox whose next reply would fail.
 */
function RevokedGate({ token, children }: { token: string; children: React.ReactNode }) {
  const status = useRealtimeStatus();
  const [revoked, setRevoked] = useState(false);
  useEffect(() => {
    if (status === "connected" || status === "connecting") return;
    let cancelled = false;
    void fetch(`/api/embed/${token}/numbers`, { headers: { accept: "application/json" } })
      .then((r) => {
        if (!cancelled && r.status === 401) setRevoked(true);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [status, token]);
  if (!revoked) return children;
  return (
    <div className="flex h-full items-center justify-center p-6">
      <EmptyState
        className="w-full max-w-md"
        icon={Link2Off}
        title="This inbox link is no longer valid"
        description="It was revoked or has expired. Ask the person who shared it for a new one."
      />
    </div>
  );
}
