"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { ProjectSummary } from "@/lib/projects/data";
import { CreateProjectDialog } from "./create-project-dialog";

export function ProjectSwitcher({
  current,
  projects,
}: {
  current: ProjectSummary;
  projects: ProjectSummary[];
}) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="outline"
            className="w-full justify-between bg-background"
            aria-label="Switch project"
          >
            <span className="flex min-w-0 flex-col items-start leading-tight">
              <span className="truncate text-sm font-medium">{current.name}</span>
              <span className="text-[11px] font-normal capitalize text-muted-foreground">
                {current.role.toLowerCase()}
              </span>
            </span>
            <ChevronsUpDown className="size-4 shrink-0 opacity-60" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-56">
          <DropdownMenuLabel>Projects</DropdownMenuLabel>
          {projects.map((p) => (
            <DropdownMenuItem key={p.id} onSelect={() => router.push(`/p/${p.slug}/inbox`)}>
              <span className="truncate">{p.name}</span>
              {p.id === current.id ? <Check className="ml-auto size-4" aria-label="current" /> : null}
            </DropdownMenuItem>
          ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreating(true)}>
            <Plus className="size-4" /> New project
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateProjectDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
