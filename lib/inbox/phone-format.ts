// WhatsApp ids are bare digits, country code first ("447705334782"). People read numbers in groups, with
// a "+": "+44 770 533 4782". The grouping after the country code is a readable approximation, not each
// country's own convention (that needs a numbering-plan database).

// Calling codes of one and two digits (ITU E.164 assignments); every other code has three.
const TWO_DIGIT = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60,
  61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
]);

function countryCodeLength(digits: string): number {
  if (digits.startsWith("1") || digits.startsWith("7")) return 1;
  return TWO_DIGIT.has(Number(digits.slice(0, 2))) ? 2 : 3;
}

/** "447705334782" → "+44 770 533 4782"; anything that is not 8–15 digits comes back unchanged. */
export function formatPhone(raw: string | null | undefined): string {
  if (!raw) return "";
  const digits = raw.replace(/^\+/, "");
  if (!/^\d{8,15}$/.test(digits)) return raw;
  const cc = countryCodeLength(digits);
  const national = digits.slice(cc);
  const groups: string[] = [];
  for (let i = 0; i < national.length; i += 3) groups.push(national.slice(i, i + 3));
  // A lone trailing digit joins the group before it: "555 000 0" reads worse than "555 0000".
  if (groups.length > 1 && (groups.at(-1)?.length ?? 0) === 1) groups.push(`${groups.splice(-2).join("")}`);
  return `+${digits.slice(0, cc)} ${groups.join(" ")}`;
}
