import { PageBody } from "@/components/shell/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <PageBody>
      <Skeleton className="mb-4 h-8 w-64" />
      <Skeleton className="h-64 w-full" />
    </PageBody>
  );
}
