import type { LucideIcon } from "lucide-react";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";

/** An area whose feature has not shipped in this version: says so plainly instead of pretending. */
export function NotYetAvailable({
  title,
  description,
  icon,
  what,
}: {
  title: string;
  /** What the page is for, in the header like every other page's. */
  description: string;
  icon: LucideIcon;
  what: string;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <PageBody>
        <EmptyState icon={icon} title={`${title} are not available in this version yet`} description={what} />
      </PageBody>
    </>
  );
}
