import { Inbox } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import type { InboundDto } from "@/lib/webhooks/data";

/** What Meta (or the sandbox) sent us: searchable by wamid, with the verdict and processing status. */
export function InboundLog({
  events,
  wamid,
  numbers,
}: {
  events: InboundDto[];
  wamid: string;
  numbers: { id: string; label: string }[];
}) {
  const label = (id: string | null) => (id ? (numbers.find((n) => n.id === id)?.label ?? id) : "—");
  return (
    <Card>
      <CardHeader className="space-y-3">
        <CardTitle>Inbound log</CardTitle>
        <CardDescription>
          Every webhook Meta or the sandbox sent to this project. Only correctly signed ones are stored (a bad
          signature is refused with 401 before anything is written), so each one here passed verification.
        </CardDescription>
        <search>
          <form method="get" className="flex flex-wrap gap-2">
            <input type="hidden" name="tab" value="inbound" />
            <label htmlFor="wamid" className="sr-only">
              Search by wamid
            </label>
            <Input
              id="wamid"
              name="wamid"
              defaultValue={wamid}
              placeholder="wamid.HBgL…"
              className="max-w-md"
            />
            <Button type="submit" variant="outline">
              Search
            </Button>
          </form>
        </search>
      </CardHeader>
      <CardContent>
        {events.length === 0 ? (
          <EmptyState
            icon={Inbox}
            title={wamid ? "Meta never sent this wamid to this project" : "Nothing received yet"}
            description={
              wamid
                ? `No stored webhook mentions ${wamid}.`
                : "Webhooks from Meta and the sandbox appear here as they arrive."
            }
          />
        ) : (
          <ul className="space-y-2">
            {events.map((e) => (
              <li key={e.id} data-testid="inbound-row" className="rounded-lg border p-3 text-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <time dateTime={e.received_at} suppressHydrationWarning>
                    {new Date(e.received_at).toLocaleString()}
                  </time>
                  <Badge variant="outline">Signature valid</Badge>
                  <Badge variant={e.status === "failed" ? "destructive" : "secondary"}>{e.status}</Badge>
                  <span className="text-xs text-muted-foreground">{label(e.phone_number_id)}</span>
                </div>
                {e.error ? <p className="text-xs text-destructive">{e.error}</p> : null}
                {e.wamids.length > 0 ? (
                  <p className="break-all font-mono text-xs text-muted-foreground">{e.wamids.join(" ")}</p>
                ) : null}
                <details>
                  <summary className="cursor-pointer text-xs">Body</summary>
                  <pre className="max-h-64 overflow-auto text-xs">{JSON.stringify(e.body, null, 2)}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
