import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Logo } from "./logo";

export function StatusPage({
  code,
  title,
  children,
  action,
}: {
  code: string;
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 text-center">
      <Logo />
      <div className="space-y-2">
        <p className="font-mono text-sm text-muted-foreground">{code}</p>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        <div className="mx-auto max-w-md text-sm text-muted-foreground">{children}</div>
      </div>
      {action ?? (
        <Button asChild>
          <Link href="/">Back to Switchboard</Link>
        </Button>
      )}
    </main>
  );
}
