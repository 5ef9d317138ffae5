"use client";

import { Eye } from "lucide-react";
import { usePresence } from "@/components/realtime/realtime-provider";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { initials } from "@/lib/utils";
import { useInboxApi } from "./inbox-api";

/** The other people who have this conversation open right now. */
export function PresenceAvatars({ conversationId }: { conversationId: string }) {
  const api = useInboxApi();
  const self = api.meId ?? `embed:${api.key}`;
  const others = usePresence(conversationId).filter((v) => v.id !== self);
  if (others.length === 0) return null;
  const names = others.map((v) => v.name).join(", ");
  return (
    <div className="flex items-center gap-1" title={`Also viewing: ${names}`} data-testid="presence">
      <Eye className="size-3.5 text-muted-foreground" aria-hidden />
      <span className="sr-only">Also viewing: {names}</span>
      <div className="flex -space-x-1.5">
        {others.slice(0, 3).map((v) => (
          <Avatar key={v.id} className="size-6 ring-2 ring-background">
            <AvatarFallback className="text-[9px]">{initials(v.name, v.name)}</AvatarFallback>
          </Avatar>
        ))}
      </div>
      {others.length > 3 ? <span className="text-xs text-muted-foreground">+{others.length - 3}</span> : null}
    </div>
  );
}
