// Dates the database can store and give back. PostgreSQL's timestamp reaches year 294276, but a year past
// 9999 prints as "+010000-…" in ISO form, which the driver cannot read back: a stored year-10000 expiry
// once made every embed list answer 500. So every date from outside is held to years 1900–9999 on write
// and on read (cursors, filters), and a stored date outside that range reads as absent instead of failing.

export const MIN_DATE = new Date("1900-01-01T00:00:00.000Z");
export const MAX_DATE = new Date("9999-12-31T23:59:59.999Z");

export const DATE_RANGE_MESSAGE = "must be a date between the years 1900 and 9999";

export function inDateRange(d: Date): boolean {
  const t = d.getTime();
  return !Number.isNaN(t) && t >= MIN_DATE.getTime() && t <= MAX_DATE.getTime();
}

/** ISO text for a stored date, or null when it is missing or unreadable (never a RangeError). */
export function isoOrNull(d: Date | null | undefined): string | null {
  return d && inDateRange(d) ? d.toISOString() : null;
}
