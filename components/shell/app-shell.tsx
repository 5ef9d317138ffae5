"use client";

import { Menu, Smartphone } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useState } from "react";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import type { ProjectSummary } from "@/lib/projects/data";
import { cn } from "@/lib/utils";
import { ConnectionBadge } from "./connection-badge";
import { Logo } from "./logo";
import { NAV } from "./nav";
import { ProjectSwitcher } from "./project-switcher";
import { UserMenu } from "./user-menu";

export interface ShellProps {
  project: ProjectSummary;
  projects: ProjectSummary[];
  user: { id: string; email: string; name: string | null };
  children: ReactNode;
}

function Sidebar({
  project,
  projects,
  user,
  onNavigate,
}: Omit<ShellProps, "children"> & { onNavigate?: () => void }) {
  const pathname = usePathname();
  const isAdmin = project.role !== "MEMBER";
  return (
    <div className="flex h-full flex-col gap-2 p-3">
      <div className="px-2 py-1.5">
        <Logo />
      </div>
      <ProjectSwitcher current={project} projects={projects} />
      <nav aria-label="Main" className="mt-2 flex flex-1 flex-col gap-0.5">
        {NAV.filter((item) => isAdmin || !item.adminOnly).map((item) => {
          const href = `/p/${project.slug}/${item.segment}`;
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <Link
              key={item.segment}
              href={href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-md px-2.5 py-2 text-sm font-medium text-sidebar-foreground transition-colors hover:bg-accent hover:text-accent-foreground focus-visible:outline-2",
                active && "bg-accent text-accent-foreground",
              )}
            >
              <item.icon className="size-4 shrink-0" aria-hidden="true" />
              {item.label}
            </Link>
          );
        })}
      </nav>
      <Link
        href="/sandbox"
        onClick={onNavigate}
        className="flex items-center gap-3 rounded-md px-2.5 py-2 text-sm text-sidebar-foreground hover:bg-accent hover:text-accent-foreground"
      >
        <Smartphone className="size-4 shrink-0" aria-hidden="true" />
        Sandbox phone
      </Link>
      <ConnectionBadge />
      <UserMenu user={user} projectSlug={project.slug} />
    </div>
  );
}

export function AppShell({ project, projects, user, children }: ShellProps) {
  const [open, setOpen] = useState(false);
  return (
    <RealtimeProvider projectId={project.id}>
      <div className="flex min-h-dvh" data-project-id={project.id}>
        <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 border-r bg-sidebar md:block">
          <Sidebar project={project} projects={projects} user={user} />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur md:hidden">
            <Button variant="ghost" size="icon" aria-label="Open menu" onClick={() => setOpen(true)}>
              <Menu className="size-5" />
            </Button>
            <Logo />
            <span className="ml-auto truncate text-sm text-muted-foreground">{project.name}</span>
          </header>
          <Sheet open={open} onOpenChange={setOpen}>
            <SheetContent side="left" className="w-72 bg-sidebar p-0">
              <SheetTitle className="sr-only">Menu</SheetTitle>
              <SheetDescription className="sr-only">Navigation and account</SheetDescription>
              <Sidebar project={project} projects={projects} user={user} onNavigate={() => setOpen(false)} />
            </SheetContent>
          </Sheet>
          <main id="main" className="flex-1">
            {children}
          </main>
        </div>
      </div>
    </RealtimeProvider>
  );
}
