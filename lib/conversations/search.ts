/**
 * Turns what an operator typed into a search: a phone-number fragment (matched anywhere in the number)
 * or words matched as prefixes against contact names and message text.
 */
export type SearchQuery = { kind: "digits"; digits: string } | { kind: "words"; tsquery: string };

export function searchQuery(input: string): SearchQuery | null {
  const q = input.trim().slice(0, 200);
  if (!q) return null;
  if (/^[+\d\s().-]+$/.test(q)) {
    const digits = q.replace(/\D/g, "");
    if (digits.length >= 3) return { kind: "digits", digits };
  }
  // Only letters and digits reach to_tsquery, so its operators in user input cannot break the query.
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return null;
  return { kind: "words", tsquery: words.map((w) => `${w}:*`).join(" & ") };
}
