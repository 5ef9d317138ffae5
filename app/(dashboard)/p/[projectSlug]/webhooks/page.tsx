import type { Metadata } from "next";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { InboundLog } from "@/components/webhooks/inbound-log";
import { WebhooksTabs } from "@/components/webhooks/tabs";
import { WebhooksView } from "@/components/webhooks/webhooks-view";
import { pageProject } from "@/lib/auth/page";
import { listNumbers } from "@/lib/numbers/data";
import { deliveryStats, listAttempts, listInbound, listWebhooks } from "@/lib/webhooks/data";
import { retryDelays } from "@/lib/webhooks/delivery-store";
import { listRejections } from "@/lib/webhooks/rejections-store";
import { deliveryFilterSchema } from "@/lib/webhooks/schema";

export const metadata: Metadata = { title: "Webhooks" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function WebhooksPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectSlug: string }>;
  searchParams: Promise<Search>;
}) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const sp = await searchParams;
  const tab =
    one(sp.tab) === "deliveries" ? "deliveries" : one(sp.tab) === "inbound" ? "inbound" : "webhooks";
  const webhooks = await listWebhooks(ctx.projectId);
  const numbers = (await listNumbers(ctx.projectId)).map((n) => ({
    id: n.id,
    phoneNumberId: n.phoneNumberId,
    label: `${n.displayPhoneNumber} · ${n.verifiedName}`,
  }));
  let body: React.ReactNode;
  if (tab === "deliveries") {
    // A bad filter in a hand-edited URL is left out (and said so); the others still apply.
    const raw = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, one(v)]));
    const parsed = deliveryFilterSchema.safeParse(raw);
    const ignored = parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    const filter = parsed.success
      ? parsed.data
      : (deliveryFilterSchema.safeParse(
          Object.fromEntries(Object.entries(raw).filter(([k]) => !ignored.includes(k))),
        ).data ?? deliveryFilterSchema.parse({}));
    const [page, stats] = await Promise.all([
      listAttempts(ctx.projectId, filter, { limit: 50, after: one(sp.after) }).catch(() =>
        listAttempts(ctx.projectId, filter, { limit: 50 }),
      ),
      deliveryStats(ctx.projectId, filter),
    ]);
    body = (
      <DeliveryLog
        projectId={ctx.projectId}
        filter={filter}
        attempts={page.data}
        after={page.paging.cursors.after}
        stats={stats}
        webhooks={webhooks.map((w) => ({ id: w.id, url: w.url, status: w.status }))}
        ignored={ignored.map((k) => `${k}=${(raw[k] ?? "").slice(0, 40)}`)}
      />
    );
  } else if (tab === "inbound") {
    const wamid = one(sp.wamid)?.trim().slice(0, 200) || undefined;
    body = (
      <InboundLog
        events={await listInbound(ctx.projectId, { wamid, limit: 100 })}
        rejections={await listRejections(ctx.projectId)}
        wamid={wamid ?? ""}
        numbers={numbers}
      />
    );
  } else {
    body = (
      <WebhooksView
        projectId={ctx.projectId}
        webhooks={webhooks}
        numbers={numbers}
        retryDelays={retryDelays()}
      />
    );
  }
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Signed deliveries of message, conversation, number and workflow events to your endpoints, their delivery log, and the log of what Meta sent us."
      />
      <PageBody>
        <div className="flex flex-col gap-4">
          <WebhooksTabs active={tab} />
          {body}
        </div>
      </PageBody>
    </>
  );
}
