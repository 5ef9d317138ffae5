"use client";

import { Copy, Phone } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { copyText } from "@/components/ui/copy-text";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { QUALITY, qualityLabel } from "@/components/ui/quality";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { PhoneNumberDto } from "@/lib/numbers/data";
import { CHECK_LABELS, CHECK_ORDER, type HealthReport } from "@/lib/numbers/health";
import { cn } from "@/lib/utils";
import { AddNumberButtons } from "./add-number-buttons";
import { HealthBadge, HealthDialog } from "./health-dialog";
import { NumberActions } from "./number-actions";

function Quality({ rating }: { rating: string | null }) {
  if (!rating) return <span className="text-muted-foreground">—</span>;
  const q = QUALITY[rating.toUpperCase()];
  return (
    <span className="inline-flex items-center gap-2" title={`Meta's quality rating: ${rating}`}>
      <span
        aria-hidden="true"
        className={cn("size-2 shrink-0 rounded-full", q?.dot ?? "bg-muted-foreground")}
      />
      {qualityLabel(rating)}
    </span>
  );
}

/** Meta's tiers read TIER_250, TIER_1K, … TIER_UNLIMITED: business-initiated conversations a day. */
function tierLabel(tier: string | null): string {
  if (!tier) return "—";
  const m = /^TIER_(\w+)$/i.exec(tier);
  if (!m?.[1]) return tier;
  return m[1].toUpperCase() === "UNLIMITED" ? "Unlimited" : `${m[1].toUpperCase()} / day`;
}

function KindBadge({ kind }: { kind: PhoneNumberDto["kind"] }) {
  return (
    <Badge variant={kind === "LIVE" ? "default" : "secondary"}>{kind === "LIVE" ? "Live" : "Sandbox"}</Badge>
  );
}

function WebhookCard({ webhookUrl }: { webhookUrl: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Webhook for live numbers</CardTitle>
        <CardDescription>
          Meta delivers incoming messages and status updates of live numbers here. Sandbox numbers need none
          of this.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <ol className="list-decimal space-y-2 pl-5 text-muted-foreground">
          <li>
            In Meta's app dashboard, open <span className="text-foreground">WhatsApp → Configuration</span>.
          </li>
          <li>
            Set the <span className="text-foreground">Callback URL</span> to the address below and the{" "}
            <span className="text-foreground">Verify token</span> to the one you chose when connecting the
            number.
          </li>
          <li>
            Subscribe to the <code className="font-mono text-foreground">messages</code> field, and also to{" "}
            <code className="font-mono text-foreground">message_template_status_update</code> and{" "}
            <code className="font-mono text-foreground">phone_number_quality_update</code>.
          </li>
        </ol>
        <div className="space-y-2">
          <Label htmlFor="webhook-url">Callback URL</Label>
          <div className="flex gap-2">
            <Input
              id="webhook-url"
              value={webhookUrl}
              readOnly
              className="font-mono"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button type="button" variant="outline" onClick={() => copyText(webhookUrl, "Callback URL")}>
              <Copy className="size-4" />
              <span className="sr-only sm:not-sr-only">Copy</span>
            </Button>
          </div>
        </div>
      </CardContent>
    </Card>
  );
}

function HealthCell({
  projectId,
  number,
  report,
}: {
  projectId: string;
  number: PhoneNumberDto;
  report: HealthReport | undefined;
}) {
  const [open, setOpen] = useState(false);
  const failed = report ? CHECK_ORDER.filter((k) => report.checks[k] && !report.checks[k]?.passed) : [];
  return (
    <div className="space-y-1">
      <button
        type="button"
        className="rounded-md focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
        aria-label={`Health details of ${number.displayPhoneNumber}`}
        onClick={() => setOpen(true)}
      >
        <HealthBadge report={report} />
      </button>
      {report && failed.length > 0 ? (
        <p className="max-w-64 text-xs whitespace-normal text-destructive">
          {failed.map((k) => CHECK_LABELS[k]).join(", ")} failed
        </p>
      ) : !report && !number.healthy && number.healthError ? (
        <p className="max-w-64 text-xs whitespace-normal text-destructive">{number.healthError}</p>
      ) : null}
      {open ? (
        <HealthDialog
          projectId={projectId}
          numberId={number.id}
          display={number.displayPhoneNumber}
          report={report}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </div>
  );
}

export function NumbersView({
  projectId,
  slug,
  numbers,
  health,
  webhookUrl,
}: {
  projectId: string;
  slug: string;
  numbers: PhoneNumberDto[];
  health: Record<string, HealthReport>;
  webhookUrl: string;
}) {
  return (
    <div className="space-y-6">
      {numbers.length === 0 ? (
        <EmptyState
          icon={Phone}
          title="No numbers yet"
          description="Add a sandbox number to try things out right away, or connect a live number from your WhatsApp Business Account."
          action={<AddNumberButtons projectId={projectId} />}
        />
      ) : (
        <Table aria-label="Numbers">
          <TableHeader>
            <TableRow>
              <TableHead>Number</TableHead>
              <TableHead className="hidden sm:table-cell">Kind</TableHead>
              <TableHead className="hidden md:table-cell">Quality</TableHead>
              <TableHead className="hidden lg:table-cell">Throughput</TableHead>
              <TableHead className="hidden md:table-cell">Messaging limit</TableHead>
              <TableHead>Health</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {numbers.map((n) => (
              <TableRow
                key={n.id}
                data-testid="number-row"
                data-phone-number-id={n.phoneNumberId}
                data-number-id={n.id}
              >
                <TableCell>
                  <div className="font-mono text-sm font-medium">{n.displayPhoneNumber}</div>
                  <div className="text-xs text-muted-foreground">
                    {n.verifiedName}
                    {n.customerName ? ` · ${n.customerName}` : null}
                  </div>
                  <div className="text-xs text-muted-foreground">
                    ID <span className="font-mono select-all">{n.phoneNumberId}</span>
                  </div>
                  <div className="mt-1 sm:hidden">
                    <KindBadge kind={n.kind} />
                  </div>
                </TableCell>
                <TableCell className="hidden sm:table-cell">
                  <KindBadge kind={n.kind} />
                </TableCell>
                <TableCell className="hidden md:table-cell">
                  <Quality rating={n.qualityRating} />
                </TableCell>
                <TableCell className="hidden lg:table-cell">
                  {String(health[n.id]?.checks.phone_number_access?.details?.throughput_tier ?? "—")}
                </TableCell>
                <TableCell
                  className={cn("hidden md:table-cell", !n.messagingLimitTier && "text-muted-foreground")}
                >
                  {tierLabel(n.messagingLimitTier)}
                </TableCell>
                <TableCell>
                  <HealthCell projectId={projectId} number={n} report={health[n.id]} />
                </TableCell>
                <TableCell>
                  <NumberActions projectId={projectId} slug={slug} number={n} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <WebhookCard webhookUrl={webhookUrl} />
    </div>
  );
}
