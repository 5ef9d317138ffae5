import type { LucideIcon } from "lucide-react";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";

/** An area whose feature has not shipped in this version: says so plainly instead of pretending. */
export function NotYetAvailable({ title, icon, what }: { title: string; icon: LucideIcon; what: string }) {
  return (
    <>
      <PageHeader title={title} />
      <PageBody>
        <EmptyState icon={icon} title={`${title} are not available in this version yet`} description={what} />
      </PageBody>
    </>
  );
}
