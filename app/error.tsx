"use client";

import { StatusPage } from "@/components/shell/status-page";
import { Button } from "@/components/ui/button";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <StatusPage
      code="500"
      title="Something went wrong"
      action={
        <div className="flex gap-2">
          <Button onClick={reset}>Try again</Button>
          <Button variant="outline" asChild>
            <a href="/">Back to Switchboard</a>
          </Button>
        </div>
      }
    >
      The error was logged on the server{error.digest ? ` (reference ${error.digest})` : ""}. If it keeps
      happening, check that the database is reachable at /api/health.
    </StatusPage>
  );
}
