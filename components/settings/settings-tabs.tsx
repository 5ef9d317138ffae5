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
          { href: `${base}/members`, label: "Members", short: "Team" },
          { href: `${base}/api-keys`, label: "API keys", short: "Keys" },
          { href: `${base}/embeds`, label: "Inbox embeds", short: "Embeds" },
          { href: `${base}/api-logs`, label: "API logs", short: "Logs" },
          { href: `${base}/models`, label: "Models", short: "AI" },
        ]
      : []),
    { href: `${base}/api-reference`, label: "API reference", short: "Docs" },
    { href: `${base}/account`, label: "Account", short: "You" },
  ];
  return (
    // Seven tabs fit a 390 px phone on one line: no wrapping, nothing cut off (short labels and tighter
    // padding below sm).
    <nav
      aria-label="Settings"
      className="flex max-w-[100vw] gap-0.5 overflow-x-auto border-b px-2 sm:gap-1 md:max-w-none md:px-8"
    >
      {tabs.map((t) => {
        const active = pathname === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            title={t.label}
            className={cn(
              "-mb-px shrink-0 whitespace-nowrap border-b-2 border-transparent px-1 py-2.5 text-sm font-medium text-muted-foreground hover:text-foreground sm:px-3",
              active && "border-primary text-foreground",
            )}
          >
            {"short" in t && t.short ? (
              <>
                <span className="sm:hidden">{t.short}</span>
                <span className="hidden sm:inline">{t.label}</span>
              </>
            ) : (
              t.label
            )}
          </Link>
        );
      })}
    </nav>
  );
}
