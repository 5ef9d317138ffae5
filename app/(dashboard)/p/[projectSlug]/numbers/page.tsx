import { Phone } from "lucide-react";
import type { Metadata } from "next";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { pageProject } from "@/lib/auth/page";
import { listNumbers } from "@/lib/numbers/data";

export const metadata: Metadata = { title: "Numbers" };

export default async function NumbersPage({ params }: { params: Promise<{ projectSlug: string }> }) {
  const ctx = await pageProject((await params).projectSlug, "ADMIN");
  const numbers = await listNumbers(ctx.projectId);
  return (
    <>
      <PageHeader title="Numbers" description="WhatsApp Business numbers connected to this project." />
      <PageBody>
        {numbers.length === 0 ? (
          <EmptyState
            icon={Phone}
            title="No numbers yet"
            description="Connecting live numbers and the built-in sandbox number arrives with the WhatsApp layer."
          />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Number</TableHead>
                <TableHead>Name</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Customer</TableHead>
                <TableHead>Health</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {numbers.map((n) => (
                <TableRow key={n.id}>
                  <TableCell className="font-mono text-sm">{n.displayPhoneNumber}</TableCell>
                  <TableCell>{n.verifiedName}</TableCell>
                  <TableCell>
                    <Badge variant={n.kind === "LIVE" ? "default" : "secondary"}>
                      {n.kind === "LIVE" ? "Live" : "Sandbox"}
                    </Badge>
                  </TableCell>
                  <TableCell>{n.customerName ?? "—"}</TableCell>
                  <TableCell>
                    {n.healthy ? (
                      <Badge variant="outline">Healthy</Badge>
                    ) : (
                      <Badge variant="destructive">Needs attention</Badge>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </PageBody>
    </>
  );
}
