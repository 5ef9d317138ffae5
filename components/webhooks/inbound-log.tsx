import { Inbox } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import type { InboundDto } from "@/lib/webhooks/data";
import type { RejectionDto } from "@/lib/webhooks/rejections-store";

/** What Meta (or the sandbox) sent us: searchable by wamid, with the verdict and processing status. */
export function InboundLog({
  events,
  rejections,
  wamid,
  numbers,
}: {
  events: InboundDto[];
  rejections: RejectionDto[];
  wamid: string;
  numbers: { id: string; label: string }[];
}) {
  const label = (id: string | null) => (id ? (numbers.find((n) => n.id === id)?.label ?? id) : "—");
  return (
    <Card>
      <CardHeader className="space-y-3">
        <CardTitle>Inbound log</CardTitle>
        <CardDescription>
          Every webhook Meta or the sandbox sent to this project. Only correctly signed ones are stored, so
          each one below passed verification; webhooks refused for a bad signature are counted per number
          above them (their bodies are never kept).
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
      <CardContent className="space-y-4">
        {rejections.length > 0 ? (
          <div role="alert" className="space-y-1 rounded-lg border border-destructive/50 p-3 text-sm">
            <p className="font-medium text-destructive">
              Refused in the last 24 hours: signature did not match
            </p>
            <ul className="space-y-0.5" data-testid="inbound-rejections">
              {rejections.map((r) => (
                <li key={`${r.phone_number_id}-${r.reason}`}>
                  {r.count} {r.count === 1 ? "webhook" : "webhooks"} naming {label(r.phone_number_id)}, last
                  at{" "}
                  <time dateTime={r.last_at} suppressHydrationWarning>
                    {new Date(r.last_at).toLocaleString()}
                  </time>
                </li>
              ))}
            </ul>
            <p className="text-xs text-muted-foreground">
              Meta signs each webhook with your app&apos;s secret. If these are Meta&apos;s, the app secret
              saved for the number is wrong: replace it with Numbers → ⋯ → Update credentials. Nothing of them
              was stored.
            </p>
          </div>
        ) : null}
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
                  {e.contents.length > 0 ? (
                    <span className="text-xs" data-testid="inbound-contents">
                      {e.contents.join(", ")}
                    </span>
                  ) : null}
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
