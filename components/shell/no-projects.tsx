"use client";

import { FolderPlus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { signOutAction } from "@/lib/auth/actions";
import { CreateProjectDialog } from "./create-project-dialog";
import { Logo } from "./logo";

export function NoProjects({ email }: { email: string }) {
  const [open, setOpen] = useState(false);
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4">
      <Logo className="text-lg" />
      <EmptyState
        icon={FolderPlus}
        title="You are not in any project yet"
        description={`Signed in as ${email}. Ask an admin to add you to their project, or start your own.`}
        action={
          <div className="flex gap-2">
            <Button onClick={() => setOpen(true)}>Create a project</Button>
            <Button variant="ghost" onClick={() => void signOutAction()}>
              Sign out
            </Button>
          </div>
        }
      />
      <CreateProjectDialog open={open} onOpenChange={setOpen} />
    </main>
  );
}
