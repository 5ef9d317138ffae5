// PostgreSQL's "run it again" errors: a deadlock (40P01) or a serialization failure (40001) rolled the
// statement or transaction back, and the same work may simply be retried. Recognised on the driver's
// error (its SQLSTATE `code`) and on Prisma's, which carries the code in `meta` or its message.

const RETRYABLE = /40P01|40001|deadlock detected|could not serialize/;

export function isRetryableConflict(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (code === "40P01" || code === "40001") return true;
  const meta = (e as { meta?: unknown }).meta;
  return RETRYABLE.test(`${meta ? JSON.stringify(meta) : ""} ${String((e as Error).message ?? "")}`);
}
