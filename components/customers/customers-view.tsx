"use client";

import { Building2, Search } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CustomerFormDialog } from "./customer-form-dialog";

export interface CustomerRow {
  id: string;
  name: string;
  externalId: string | null;
  numberCount: number;
  createdAt: string;
}

export function NewCustomerButton({ projectId, projectSlug }: { projectId: string; projectSlug: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>New customer</Button>
      <CustomerFormDialog
        projectId={projectId}
        projectSlug={projectSlug}
        open={open}
        onOpenChange={setOpen}
      />
    </>
  );
}

export function CustomersView({
  projectId,
  projectSlug,
  customers,
  totalCount,
  search,
}: {
  projectId: string;
  projectSlug: string;
  customers: CustomerRow[];
  totalCount: number;
  search: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [q, setQ] = useState(search);
  const [searching, start] = useTransition();

  // The search lives in the URL (bookmarkable); typing updates it after a short pause.
  useEffect(() => {
    if (q === search) return;
    const t = setTimeout(
      () => start(() => router.replace(q ? `${pathname}?q=${encodeURIComponent(q)}` : pathname)),
      250,
    );
    return () => clearTimeout(t);
  }, [q, search, pathname, router]);

  if (totalCount === 0 && !search)
    return (
      <EmptyState
        icon={Building2}
        title="No customers yet"
        description="A customer is a company you connect WhatsApp numbers for. Create one, then send them a setup link to connect their own number, or attach one of yours."
        action={<NewCustomerButton projectId={projectId} projectSlug={projectSlug} />}
      />
    );

  return (
    <div className="space-y-4">
      <div className="relative max-w-sm">
        <Label htmlFor="customer-search" className="sr-only">
          Search customers
        </Label>
        <Search
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden="true"
        />
        <Input
          id="customer-search"
          type="search"
          placeholder="Search by name or external ID"
          className="pl-8"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {searching ? <Spinner className="absolute top-1/2 right-2.5 -translate-y-1/2" /> : null}
      </div>
      {customers.length === 0 ? (
        <p className="text-sm text-muted-foreground" role="status">
          No customer matches “{search}”.
        </p>
      ) : (
        <Table aria-label="Customers">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead className="hidden sm:table-cell">External ID</TableHead>
              <TableHead>Numbers</TableHead>
              <TableHead className="hidden md:table-cell">Created</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {customers.map((c) => (
              <TableRow key={c.id} data-testid="customer-row">
                <TableCell>
                  <Link
                    href={`/p/${projectSlug}/customers/${c.id}`}
                    className="font-medium underline-offset-2 hover:underline"
                  >
                    {c.name}
                  </Link>
                  {c.externalId ? (
                    <div className="font-mono text-xs text-muted-foreground sm:hidden">{c.externalId}</div>
                  ) : null}
                </TableCell>
                <TableCell className="hidden font-mono text-sm sm:table-cell">
                  {c.externalId ?? <span className="text-muted-foreground">—</span>}
                </TableCell>
                <TableCell>{c.numberCount}</TableCell>
                <TableCell className="hidden md:table-cell">
                  <time dateTime={c.createdAt} suppressHydrationWarning>
                    {new Date(c.createdAt).toLocaleDateString()}
                  </time>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {totalCount > customers.length ? (
        <p className="text-sm text-muted-foreground">
          Showing the {customers.length} most recent of {totalCount}; search to narrow the list.
        </p>
      ) : null}
    </div>
  );
}
