import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CustomerDetail } from "@/components/customers/customer-detail";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { pageProject } from "@/lib/auth/page";
import { getCustomerDetail } from "@/lib/customers/data";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({
  params,
}: {
  params: Promise<{ projectSlug: string; customerId: string }>;
}) {
  const { projectSlug, customerId } = await params;
  const ctx = await pageProject(projectSlug, "ADMIN");
  const c = await getCustomerDetail(ctx.projectId, customerId.slice(0, 64)).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return (
    <>
      <PageHeader
        title={c.name}
        description={c.externalId ? `External ID ${c.externalId}` : "No external ID"}
      />
      <PageBody>
        <nav className="mb-4 text-sm">
          <Link href={`/p/${ctx.project.slug}/customers`} className="text-muted-foreground hover:underline">
            ← All customers
          </Link>
        </nav>
        <CustomerDetail
          projectId={ctx.projectId}
          projectSlug={ctx.project.slug}
          customer={{
            ...c,
            createdAt: c.createdAt.toISOString(),
            conversations: c.conversations.map((v) => ({ ...v, lastMessageAt: iso(v.lastMessageAt) })),
            setupLinks: c.setupLinks.map((l) => ({
              id: l.id,
              status: l.status,
              tokenPrefix: l.tokenPrefix,
              language: l.language,
              allowedConnectionTypes: l.allowedConnectionTypes,
              expiresAt: l.expiresAt.toISOString(),
              usedAt: iso(l.usedAt),
              createdAt: l.createdAt.toISOString(),
            })),
          }}
        />
      </PageBody>
    </>
  );
}
