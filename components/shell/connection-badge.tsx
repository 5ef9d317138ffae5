"use client";

import { useRealtimeStatus } from "@/components/realtime/realtime-provider";
import { cn } from "@/lib/utils";

const LABEL = {
  connecting: "Connecting…",
  connected: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
} as const;

export function ConnectionBadge() {
  const status = useRealtimeStatus();
  return (
    <output
      aria-live="polite"
      data-testid="realtime-status"
      data-status={status}
      className="flex items-center gap-2 px-2.5 py-1 text-xs text-muted-foreground"
      title="Real-time updates"
    >
      <span
        className={cn(
          "size-2 rounded-full",
          status === "connected"
            ? "bg-primary"
            : status === "offline"
              ? "bg-destructive"
              : "animate-pulse bg-amber-500",
        )}
      />
      {LABEL[status]}
    </output>
  );
}
