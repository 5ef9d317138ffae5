"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

const TABS = [
  { id: "webhooks", label: "Webhooks" },
  { id: "deliveries", label: "Delivery log" },
  { id: "inbound", label: "Inbound log" },
] as const;

export function WebhooksTabs({ active }: { active: string }) {
  const path = usePathname();
  return (
    <nav aria-label="Webhooks sections" className="flex gap-1 border-b">
      {TABS.map((t) => (
        <Link
          key={t.id}
          href={t.id === "webhooks" ? path : `${path}?tab=${t.id}`}
          aria-current={active === t.id ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring",
            active === t.id
              ? "border-primary text-foreground"
              : "border-transparent text-muted-foreground hover:text-foreground",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
