// Meta's business-profile limits (research/kapso-spec.md §5.1, meta-cloud-api.md §8), pure: the profile
// editor checks them as you type, the sandbox refuses with them, so both agree.

export const VERTICALS = [
  "UNDEFINED",
  "OTHER",
  "AUTO",
  "BEAUTY",
  "APPAREL",
  "EDU",
  "ENTERTAIN",
  "EVENT_PLAN",
  "FINANCE",
  "GROCERY",
  "GOVT",
  "HOTEL",
  "HEALTH",
  "NONPROFIT",
  "PROF_SERVICES",
  "RETAIL",
  "TRAVEL",
  "RESTAURANT",
  "ALCOHOL",
  "ONLINE_GAMBLING",
  "PHYSICAL_GAMBLING",
  "OTC_DRUGS",
  "NOT_A_BIZ",
] as const;

export const VERTICAL_LABELS: Record<string, string> = {
  UNDEFINED: "Not set",
  OTHER: "Other",
  AUTO: "Automotive",
  BEAUTY: "Beauty, spa and salon",
  APPAREL: "Clothing and apparel",
  EDU: "Education",
  ENTERTAIN: "Entertainment",
  EVENT_PLAN: "Event planning and service",
  FINANCE: "Finance and banking",
  GROCERY: "Food and grocery",
  GOVT: "Public service",
  HOTEL: "Hotel and lodging",
  HEALTH: "Medical and health",
  NONPROFIT: "Non-profit",
  PROF_SERVICES: "Professional services",
  RETAIL: "Shopping and retail",
  TRAVEL: "Travel and transportation",
  RESTAURANT: "Restaurant",
  ALCOHOL: "Alcoholic beverages",
  ONLINE_GAMBLING: "Online gambling and gaming",
  PHYSICAL_GAMBLING: "Non-online gambling and gaming",
  OTC_DRUGS: "Over-the-counter drugs",
  NOT_A_BIZ: "Not a business",
};

export const PROFILE_LIMITS = {
  about: 139,
  address: 256,
  description: 512,
  email: 128,
  website: 256,
  websites: 2,
};
export const PHOTO = { maxBytes: 5 * 1024 * 1024, types: ["image/jpeg", "image/png"] };

export interface ProfileInput {
  about?: unknown;
  address?: unknown;
  description?: unknown;
  email?: unknown;
  websites?: unknown;
  vertical?: unknown;
}

export interface ProfileProblem {
  field: string;
  message: string;
}

const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;

/** Every problem of a profile update (fields left out are not checked: they stay as they are). */
export function checkProfile(p: ProfileInput): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  const text = (field: keyof typeof PROFILE_LIMITS, min = 0) => {
    const v = p[field as keyof ProfileInput];
    if (v === undefined) return;
    if (typeof v !== "string") return out.push({ field, message: "Must be text." });
    const max = PROFILE_LIMITS[field];
    if (v.length < min) out.push({ field, message: `At least ${min} character${min === 1 ? "" : "s"}.` });
    else if (v.length > max) out.push({ field, message: `At most ${max} characters (${v.length} now).` });
  };
  text("about", 1);
  text("address");
  text("description");
  text("email");
  if (typeof p.email === "string" && p.email !== "" && !EMAIL.test(p.email))
    out.push({ field: "email", message: "Not a valid email address." });
  if (p.websites !== undefined) {
    if (!Array.isArray(p.websites)) out.push({ field: "websites", message: "A list of web addresses." });
    else {
      if (p.websites.length > PROFILE_LIMITS.websites)
        out.push({ field: "websites", message: `At most ${PROFILE_LIMITS.websites} websites.` });
      p.websites.forEach((w, i) => {
        if (typeof w !== "string" || !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(w))
          out.push({ field: `websites[${i}]`, message: "Starts with http:// or https://, no spaces." });
        else if (w.length > PROFILE_LIMITS.website)
          out.push({
            field: `websites[${i}]`,
            message: `At most ${PROFILE_LIMITS.website} characters (${w.length} now).`,
          });
      });
    }
  }
  if (p.vertical !== undefined && !(VERTICALS as readonly unknown[]).includes(p.vertical))
    out.push({ field: "vertical", message: "Choose one of Meta's business categories." });
  return out;
}

/** A profile photo Meta takes: JPG or PNG, at most 5 MB. */
export function checkPhoto(file: { type: string; size: number }): string | null {
  if (!PHOTO.types.includes(file.type)) return "The photo is a JPG or PNG image.";
  if (file.size > PHOTO.maxBytes)
    return `The photo is at most 5 MB (${(file.size / 1024 / 1024).toFixed(1)} MB now).`;
  if (file.size === 0) return "The file is empty.";
  return null;
}

/** A number's business profile as the editor holds it. */
export interface BusinessProfile {
  about: string;
  address: string;
  description: string;
  email: string;
  websites: string[];
  vertical: string;
  profilePictureUrl: string | null;
}
