import { inDateRange } from "@/lib/dates";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Graph-style cursor paging over (time desc, id desc): cursors are opaque base64url JSON.
export interface Cursor {
  t: string;
  id: string;
}

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");

export function decodeCursor(s: string | null): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString());
    return typeof c?.t === "string" && typeof c?.id === "string" && inDateRange(new Date(c.t)) ? c : null;
  } catch {
    return null;
  }
}

/** Accepts ISO dates or Unix seconds, as Kapso's filters do; null outside what the database can hold. */
export function parseTime(v: string | null): Date | null {
  if (!v) return null;
  const d = /^\d+$/.test(v) ? new Date(Number(v) * 1000) : new Date(v);
  return inDateRange(d) ? d : null;
}

/**
 * One page from `limit + 1` rows read away from the cursor; rows read towards newer ones ("before")
 * arrive oldest first and are turned back to newest first after trimming.
 */
export function page<T>(
  rows: T[],
  limit: number,
  key: (r: T) => Cursor,
  url: URL,
  direction: "after" | "before",
  /** Where links point: the app's public address (APP_URL), never the Host the request claimed. */
  base: () => string = () => env().APP_URL,
) {
  const hasMore = rows.length > limit;
  const data = rows.slice(0, limit);
  if (direction === "before") data.reverse();
  const first = data[0];
  const last = data.at(-1);
  const cursors = {
    before: first ? encodeCursor(key(first)) : "",
    after: last ? encodeCursor(key(last)) : "",
  };
  // A spoofed Host header must not hand clients a link to another server.
  const link = (param: "after" | "before", cursor: string) => {
    const u = new URL(`${url.pathname}${url.search}`, base());
    u.searchParams.delete("after");
    u.searchParams.delete("before");
    u.searchParams.set(param, cursor);
    return u.toString();
  };
  return {
    data,
    paging: {
      cursors,
      ...(hasMore && direction === "after" && last ? { next: link("after", cursors.after) } : {}),
      ...((direction === "before" && hasMore) || url.searchParams.has("after")
        ? first
          ? { previous: link("before", cursors.before) }
          : {}
        : {}),
    },
  };
}

// Kapso's query parameters for paged lists: limit, since/until-style times and the cursors.

export function limitOf(q: URLSearchParams): number {
  const raw = q.get("limit");
  if (raw === null) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new AppError("validation", "limit must be a whole number from 1 to 100", {
      fields: { limit: "1–100" },
    });
  return n;
}

export function timeParam(q: URLSearchParams, name: string): Date | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  const d = parseTime(v);
  if (!d)
    throw new AppError("validation", `${name} must be an ISO date or Unix seconds`, {
      fields: { [name]: "Invalid time" },
    });
  return d;
}

export function keyset(q: URLSearchParams, column: string) {
  const after = decodeCursor(q.get("after"));
  const before = decodeCursor(q.get("before"));
  if ((q.get("after") && !after) || (q.get("before") && !before))
    throw new AppError("validation", "The paging cursor is not valid", {
      fields: { after: "Invalid cursor" },
    });
  if (after)
    return {
      where: {
        OR: [{ [column]: { lt: new Date(after.t) } }, { [column]: new Date(after.t), id: { lt: after.id } }],
      },
      direction: "after" as const,
      asc: false,
    };
  if (before)
    return {
      where: {
        OR: [
          { [column]: { gt: new Date(before.t) } },
          { [column]: new Date(before.t), id: { gt: before.id } },
        ],
      },
      direction: "before" as const,
      asc: true,
    };
  return { where: {}, direction: "after" as const, asc: false };
}
