import type { Metadata } from "next";
import { CustomersView, NewCustomerButton } from "@/components/customers/customers-view";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { pageProject } from "@/lib/auth/page";
import { listCustomers } from "@/lib/customers/data";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectSlug: string }>;
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const raw = (await searchParams).q;
  const search = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, 200) ?? "";
  const [{ items, totalCount }, all] = await Promise.all([
    listCustomers(ctx.projectId, { search, perPage: 100 }),
    search ? listCustomers(ctx.projectId, { perPage: 1 }) : null,
  ]);
  const anyCustomers = (all?.totalCount ?? totalCount) > 0;
  return (
    <>
      <PageHeader
        title="Customers"
        description="Companies you connect WhatsApp numbers for, with their numbers, setup links and embeds."
        actions={
          anyCustomers ? (
            <NewCustomerButton projectId={ctx.projectId} projectSlug={ctx.project.slug} />
          ) : undefined
        }
      />
      <PageBody>
        <CustomersView
          projectId={ctx.projectId}
          projectSlug={ctx.project.slug}
          search={search}
          totalCount={anyCustomers ? Math.max(totalCount, search ? 1 : 0) : 0}
          customers={items.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }))}
        />
      </PageBody>
    </>
  );
}
