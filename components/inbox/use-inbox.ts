"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { inboxKeys } from "@/lib/inbox/query-keys";
import { useInboxApi } from "./inbox-api";

export interface Assignee {
  id: string;
  name: string;
  email: string;
}

export function useAssignees() {
  const api = useInboxApi();
  return useQuery({
    queryKey: inboxKeys.assignees(api.key),
    queryFn: () => api.get<Assignee[]>("/assignees"),
    staleTime: 5 * 60_000,
  });
}

/** The current time, ticking every `ms` (for countdowns that must stay live). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** "closes in 3 h 12 min" / "closed" for a 24-hour window end. */
export function windowState(closesAt: string | null, now: number): { open: boolean; left: string } {
  if (!closesAt) return { open: false, left: "no message from the customer yet" };
  const ms = new Date(closesAt).getTime() - now;
  if (ms <= 0) return { open: false, left: "closed" };
  const h = Math.floor(ms / 3600_000);
  const m = Math.floor((ms % 3600_000) / 60_000);
  return { open: true, left: h > 0 ? `${h} h ${m} min` : `${Math.max(m, 1)} min` };
}
