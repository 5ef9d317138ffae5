"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { keepInput } from "@/components/ui/use-action-form";
import { renameProjectAction } from "@/lib/projects/actions";

export function ProjectSettingsForm({
  projectId,
  name,
  slug,
}: {
  projectId: string;
  name: string;
  slug: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  return (
    <Card className="max-w-xl">
      <form
        onSubmit={keepInput((form) =>
          start(async () => {
            const r = await renameProjectAction({ projectId, name: form.get("name") });
            if (!r.ok) return setError(r.fields?.name ?? r.error);
            setError(undefined);
            toast.success("Project renamed");
            router.refresh();
          }),
        )}
      >
        <CardHeader>
          <CardTitle>Project</CardTitle>
          <CardDescription>
            The address of this project is <code className="font-mono">/p/{slug}</code>; it stays the same
            when you rename it.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-2 pt-4">
          <Label htmlFor="project-name">Name</Label>
          <Input id="project-name" name="name" defaultValue={name} aria-invalid={!!error} />
          {error ? <p className="text-sm text-destructive">{error}</p> : null}
        </CardContent>
        <CardFooter className="pt-4">
          <Button type="submit" disabled={pending}>
            {pending ? <Spinner /> : null}
            Save
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
