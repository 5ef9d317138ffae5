/**
 * The label the answer names: exactly, or ignoring case, surrounding quotes, trailing punctuation, a
 * "label:" prefix or a JSON {"label": …}. An answer naming no label, or several, names none.
 */
export function matchLabel(answer: string, labels: string[]): string | undefined {
  const candidates = new Set<string>();
  const raw = answer.trim();
  candidates.add(raw);
  try {
    const j = JSON.parse(raw) as unknown;
    if (typeof j === "string") candidates.add(j);
    else if (j && typeof j === "object") {
      const o = j as Record<string, unknown>;
      for (const k of ["label", "condition", "next_edge"]) if (typeof o[k] === "string") candidates.add(o[k]);
    }
  } catch {}
  const cleaned = raw
    .replace(/^(label|condition|answer)\s*:\s*/i, "")
    .replace(/^["'`*\s]+|["'`*.!\s]+$/g, "");
  candidates.add(cleaned);
  for (const c of candidates) {
    const exact = labels.find((l) => l === c.trim());
    if (exact !== undefined) return exact;
  }
  for (const c of candidates) {
    const matches = labels.filter((l) => l.toLowerCase() === c.trim().toLowerCase());
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}
