import { checkAuthentication, checkLimitedTimeOffer } from "./rules-auth";
import { checkBody, checkFooter } from "./rules-body";
import { checkButtons } from "./rules-buttons";
import { checkCarousel } from "./rules-carousel";
import {
  CATEGORIES,
  COMPONENT_TYPES,
  Collector,
  componentsByType,
  isObj,
  LIMITS,
  type Obj,
  objs,
  type Problem,
  str,
  upper,
} from "./rules-core";
import { checkHeader } from "./rules-header";
import type { ParameterFormat } from "./variables";

// Meta's template creation rules (research/kapso-spec.md §4.1, meta-cloud-api.md §7), as one pure
// function over the creation payload Meta takes (`POST /{waba}/message_templates`). The editor checks
// every keystroke with it, the sandbox's Graph create/edit refuses with it, so the editor, the simulator
// and the API agree. Each problem names the field path in the payload and the rule it breaks.
// The checks live beside it by component (rules-header, -body, -buttons, -carousel, -auth; the shared
// part in rules-core); this module is the one the editor, the simulator and the API call.

export {
  BUTTON_TYPES,
  CATEGORIES,
  type Category,
  HEADER_FORMATS,
  LIMITS,
  OTP_TYPES,
  type Problem,
  type Severity,
} from "./rules-core";

export interface TemplatePayload {
  name?: unknown;
  language?: unknown;
  category?: unknown;
  parameter_format?: unknown;
  components?: unknown;
}

/** Every problem of a creation payload, in the order a reader meets the fields. Empty = Meta takes it. */
export function checkTemplate(input: unknown): Problem[] {
  const p = new Collector();
  const t: Obj = isObj(input) ? input : {};
  const name = str(t.name);
  if (name === "") p.error("name", "name.required", "Give the template a name.");
  else if (!/^[a-z0-9_]+$/.test(name))
    p.error(
      "name",
      "name.format",
      "A name is lowercase letters, digits and underscores only (order_update_2).",
    );
  if (name.length > LIMITS.name)
    p.error("name", "name.length", `A name is at most ${LIMITS.name} characters.`);
  const language = str(t.language);
  if (!/^[a-z]{2,3}(_[A-Z]{2,4})?$/.test(language))
    p.error("language", "language.format", "Choose a language (a code such as en or en_US).");
  const category = upper(t.category);
  if (!(CATEGORIES as readonly string[]).includes(category))
    p.error("category", "category.enum", "The category is MARKETING, UTILITY or AUTHENTICATION.");
  const pf = t.parameter_format === undefined ? "POSITIONAL" : upper(t.parameter_format);
  if (pf !== "POSITIONAL" && pf !== "NAMED")
    p.error("parameter_format", "parameter_format.enum", "The parameter format is POSITIONAL or NAMED.");
  const format: ParameterFormat = pf === "NAMED" ? "NAMED" : "POSITIONAL";

  if (!Array.isArray(t.components)) {
    p.error("components", "components.required", "A template has components (at least a body).");
    return p.list;
  }
  const parts = componentsByType(p, "components", objs(t.components), COMPONENT_TYPES);
  const header = parts.get("HEADER");
  const body = parts.get("BODY");
  const footer = parts.get("FOOTER");
  const buttons = parts.get("BUTTONS");
  const carousel = parts.get("CAROUSEL");
  const lto = parts.get("LIMITED_TIME_OFFER");

  if (category === "AUTHENTICATION") {
    checkAuthentication(p, { header, body, footer, buttons, carousel, lto });
    return p.list;
  }
  if (header) checkHeader(p, "components.HEADER", header, category, format);
  if (body) checkBody(p, "components.BODY", body, format, LIMITS.body, "Body");
  else p.error("components.BODY.text", "body.required", "Body text is required.");
  if (footer) checkFooter(p, footer);
  if (buttons) checkButtons(p, "components.BUTTONS.buttons", objs(buttons.buttons), category);
  if (carousel) {
    checkCarousel(p, "components.CAROUSEL", carousel, category, format);
    for (const [k, c] of [
      ["HEADER", header],
      ["FOOTER", footer],
      ["BUTTONS", buttons],
    ] as const)
      if (c)
        p.error(
          `components.${k}`,
          "carousel.top_level",
          `A carousel template has no ${k.toLowerCase()} of its own: each card has it.`,
        );
  }
  if (lto) checkLimitedTimeOffer(p, lto, category, header, footer, objs(buttons?.buttons));
  return p.list;
}

/** Meta's edit rules: only approved, rejected or paused templates; an approved one keeps its category. */
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Meta's edit rules. `editedAt` is when the template was edited while approved (the sandbox keeps it; for a
 * live number Meta counts): at most one such edit in 24 hours and ten in 30 days.
 */
export function checkEdit(
  current: { status: string; category: string; editedAt?: Date[] },
  next: { category?: unknown },
  now: Date = new Date(),
): Problem[] {
  const p = new Collector();
  if (!["APPROVED", "REJECTED", "PAUSED"].includes(current.status))
    p.error(
      "status",
      "edit.status",
      `A ${current.status.toLowerCase()} template cannot be edited: only approved, rejected or paused ones.`,
    );
  if (
    current.status === "APPROVED" &&
    next.category !== undefined &&
    upper(next.category) !== current.category
  )
    p.error("category", "edit.category", "An approved template's category cannot change.");
  if (current.status === "APPROVED" && current.editedAt) {
    const since = (ms: number) =>
      current.editedAt?.filter((d) => now.getTime() - d.getTime() < ms).length ?? 0;
    if (since(DAY_MS) >= 1)
      p.error(
        "status",
        "edit.daily_limit",
        "An approved template can be edited once in 24 hours: try again later.",
      );
    else if (since(30 * DAY_MS) >= 10)
      p.error("status", "edit.monthly_limit", "An approved template can be edited 10 times in 30 days.");
  }
  return p.list;
}

export const errorsOnly = (problems: Problem[]) => problems.filter((x) => x.severity === "error");
