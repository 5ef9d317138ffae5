"use client";

import { Bell, BellOff } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useCallback, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { useRealtimeEvent } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import type { ConversationListItem, ThreadMessage } from "@/lib/conversations/data";
import { previewText } from "@/lib/messages/render";
import { useInboxApi } from "./inbox-api";

// Opt-in browser notifications for new customer messages on conversations assigned to me or to nobody.
// The choice is kept per browser; the permission is the browser's own.

const KEY = "switchboard.inbox.notifications";
const listeners = new Set<() => void>();
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const enabled = () =>
  typeof Notification !== "undefined" &&
  Notification.permission === "granted" &&
  localStorage.getItem(KEY) === "on";

function useEnabled(): boolean {
  return useSyncExternalStore(subscribe, enabled, () => false);
}

export function NotificationToggle() {
  const on = useEnabled();
  const toggle = async () => {
    if (typeof Notification === "undefined") {
      toast.error("This browser does not support notifications.");
      return;
    }
    if (on) localStorage.setItem(KEY, "off");
    else {
      const permission =
        Notification.permission === "default"
          ? await Notification.requestPermission()
          : Notification.permission;
      if (permission !== "granted") {
        toast.error("Notifications are blocked for this site. Allow them in the browser's site settings.");
        return;
      }
      localStorage.setItem(KEY, "on");
      toast.success("You will be notified of new messages assigned to you or unassigned.");
    }
    for (const l of listeners) l();
  };
  return (
    <Button
      variant="ghost"
      size="icon"
      className="size-8"
      aria-pressed={on}
      aria-label={on ? "Turn off notifications" : "Turn on notifications"}
      title={on ? "Notifications on" : "Notify me of new messages"}
      onClick={() => void toggle()}
    >
      {on ? <Bell className="size-4" /> : <BellOff className="size-4 text-muted-foreground" />}
    </Button>
  );
}

export function InboxNotifications() {
  const api = useInboxApi();
  const on = useEnabled();
  const selected = useSearchParams().get("c");
  // The event carries the message and the conversation's list item: nothing to fetch.
  const onMessage = useCallback(
    (p: { conversationId: string; message?: ThreadMessage; conversation?: ConversationListItem }) => {
      if (!on || (p.conversationId === selected && !document.hidden)) return;
      const c = p.conversation;
      const m = p.message;
      if (!c || !m || m.direction !== "INBOUND") return;
      if (c.assignee && c.assignee.id !== api.meId) return;
      const n = new Notification(c.contactName ?? c.contactNumber ?? "New message", {
        body: previewText({ type: m.type, payload: m.content }),
        tag: `switchboard-inbox:${c.id}`,
      });
      n.onclick = () => {
        window.focus();
        const url = new URL(window.location.href);
        url.searchParams.set("c", c.id);
        window.history.pushState(null, "", url);
        window.dispatchEvent(new PopStateEvent("popstate"));
      };
    },
    [on, selected, api.meId],
  );
  useRealtimeEvent("message.created", onMessage);
  return null;
}
