// Meta reports quality as GREEN / YELLOW / RED; its own dashboards say High / Medium / Low, and so do
// ours everywhere (the numbers and templates lists and the templates filter), so one word means one thing.
export const QUALITY: Record<string, { label: string; dot: string }> = {
  GREEN: { label: "High", dot: "bg-emerald-500" },
  YELLOW: { label: "Medium", dot: "bg-amber-500" },
  RED: { label: "Low", dot: "bg-red-500" },
};

/** The word shown for a quality score; anything Meta has not rated reads "Unknown". */
export function qualityLabel(score: string | null | undefined): string {
  return (score && QUALITY[score.toUpperCase()]?.label) || "Unknown";
}
