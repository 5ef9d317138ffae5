import { Skeleton } from "@/components/ui/skeleton";

// In a route group so it covers the list only, not the canvas pages below workflows/.
export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading workflows">
      <div className="space-y-2 border-b px-4 py-5 md:px-8">
        <Skeleton className="h-7 w-40" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="space-y-4 px-4 py-6 md:px-8">
        <div className="flex gap-2">
          <Skeleton className="h-9 w-64" />
          <Skeleton className="h-9 w-44" />
        </div>
        <div className="space-y-2">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} className="h-14 w-full" />
          ))}
        </div>
      </div>
    </div>
  );
}
