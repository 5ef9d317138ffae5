"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";

export function SettingsTabs({ slug, isAdmin }: { slug: string; isAdmin: boolean }) {
  const pathname = usePathname();
  const base = `/p/${slug}/settings`;
  const tabs = [
    ...(isAdmin
      ? [
          { href: base, label: "General" },
          { href: `${base}/members`, label: "Members" },
          { href: `${base}/api-keys`, label: "API keys" },
          { href: `${base}/embeds`, label: "Inbox embeds" },
        ]
      : []),
    { href: `${base}/api-reference`, label: "API reference" },
    { href: `${base}/account`, label: "Account" },
  ];
  return (
    <nav aria-label="Settings" className="flex gap-1 overflow-x-auto border-b px-4 md:px-8">
      {tabs.map((t) => {
        const active = pathname === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 border-transparent px-3 py-2.5 text-sm font-medium text-muted-foreground hover:text-foreground",
              active && "border-primary text-foreground",
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
