import { invalid, missing, SandboxGraphError } from "./graph-error";
import { validateCarousel, validateCoordinates } from "./rules";

// Meta's checks on POST /{phone-number-id}/messages, as far as they can be made without a phone.
// Limits from ../shared/research/meta-cloud-api.md §5.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function text(o: Obj, key: string, path: string, max: number, required = true): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === "") {
    if (required) throw missing(path);
    return undefined;
  }
  if (typeof v !== "string") throw invalid(path, "must be a string");
  if (v.length > max) throw invalid(path, `must be at most ${max} characters`);
  return v;
}

const MEDIA = ["image", "video", "audio", "document", "sticker"] as const;

function media(o: Obj, type: string) {
  const m = o[type];
  if (!isObj(m)) throw missing(type);
  const hasId = typeof m.id === "string" && m.id !== "";
  const hasLink = typeof m.link === "string" && m.link !== "";
  if (hasId === hasLink) throw invalid(`${type}`, "needs exactly one of id or link");
  if (hasLink && !/^https?:\/\//.test(m.link as string))
    throw invalid(`${type}.link`, "must be an http(s) URL");
  if (m.caption !== undefined) {
    if (type === "audio" || type === "sticker")
      throw invalid(`${type}.caption`, "is not supported for this type");
    text(m, "caption", `${type}.caption`, 1024, false);
  }
}

function interactive(o: Obj) {
  const i = o.interactive;
  if (!isObj(i)) throw missing("interactive");
  const type = str(i.type);
  if (!type) throw missing("interactive.type");
  if (type === "carousel") return validateCarousel(i);
  if (isObj(i.header)) {
    if (i.header.type === "text") text(i.header, "text", "interactive.header.text", 60);
  }
  if (isObj(i.footer)) text(i.footer, "text", "interactive.footer.text", 60);
  const body = isObj(i.body) ? i.body : {};
  text(body, "text", "interactive.body.text", type === "button" ? 1024 : 4096);
  const action = i.action;
  if (!isObj(action)) throw missing("interactive.action");

  if (type === "button") {
    const buttons = Array.isArray(action.buttons) ? action.buttons : [];
    if (buttons.length < 1 || buttons.length > 3)
      throw invalid("interactive.action.buttons", "must have 1 to 3 buttons");
    const titles = new Set<string>();
    buttons.forEach((b, idx) => {
      const reply = isObj(b) && isObj(b.reply) ? b.reply : null;
      if (!reply) throw missing(`interactive.action.buttons[${idx}].reply`);
      const id = text(reply, "id", `interactive.action.buttons[${idx}].reply.id`, 256) ?? "";
      if (id.trim() !== id)
        throw invalid(`interactive.action.buttons[${idx}].reply.id`, "must not start or end with spaces");
      const title = text(reply, "title", `interactive.action.buttons[${idx}].reply.title`, 20) ?? "";
      if (titles.has(title))
        throw invalid(`interactive.action.buttons[${idx}].reply.title`, "must be unique");
      titles.add(title);
    });
  } else if (type === "list") {
    text(action, "button", "interactive.action.button", 20);
    const sections = Array.isArray(action.sections) ? action.sections : [];
    if (sections.length < 1 || sections.length > 10)
      throw invalid("interactive.action.sections", "must have 1 to 10 sections");
    let rows = 0;
    const ids = new Set<string>();
    sections.forEach((s, si) => {
      if (!isObj(s)) throw missing(`interactive.action.sections[${si}]`);
      text(s, "title", `interactive.action.sections[${si}].title`, 24, sections.length > 1);
      const rs = Array.isArray(s.rows) ? s.rows : [];
      if (rs.length === 0) throw invalid(`interactive.action.sections[${si}].rows`, "must not be empty");
      rs.forEach((r, ri) => {
        if (!isObj(r)) throw missing(`interactive.action.sections[${si}].rows[${ri}]`);
        const id = text(r, "id", `interactive.action.sections[${si}].rows[${ri}].id`, 200) ?? "";
        if (ids.has(id)) throw invalid(`interactive.action.sections[${si}].rows[${ri}].id`, "must be unique");
        ids.add(id);
        text(r, "title", `interactive.action.sections[${si}].rows[${ri}].title`, 24);
        text(r, "description", `interactive.action.sections[${si}].rows[${ri}].description`, 72, false);
      });
      rows += rs.length;
    });
    if (rows > 10) throw invalid("interactive.action.sections", "may hold at most 10 rows in total");
  } else if (type === "cta_url") {
    const p = isObj(action.parameters) ? action.parameters : null;
    if (!p) throw missing("interactive.action.parameters");
    text(p, "display_text", "interactive.action.parameters.display_text", 20);
    const url = text(p, "url", "interactive.action.parameters.url", 2000) ?? "";
    if (!/^https?:\/\//.test(url))
      throw invalid("interactive.action.parameters.url", "must be an http(s) URL");
  } else if (type === "location_request_message") {
    if (action.name !== "send_location") throw invalid("interactive.action.name", "must be send_location");
  } else if (
    ![
      "flow",
      "product",
      "product_list",
      "catalog_message",
      "address_message",
      "call_permission_request",
    ].includes(type)
  ) {
    throw invalid("interactive.type", `${type} is not a supported interactive type`);
  }
}

export interface TemplateDef {
  name: string;
  language: string;
  status: string;
  components: Obj[];
}

const countVars = (s: unknown) =>
  typeof s === "string" ? new Set(s.match(/\{\{\s*[\w]+\s*\}\}/g) ?? []).size : 0;

function template(o: Obj, find: (name: string, language: string) => TemplateDef | undefined) {
  const t = o.template;
  if (!isObj(t)) throw missing("template");
  const name = text(t, "name", "template.name", 512) ?? "";
  const lang = isObj(t.language) ? str(t.language.code) : str(t.language);
  if (!lang) throw missing("template.language.code");
  const def = find(name, lang);
  if (!def)
    throw new SandboxGraphError(
      132001,
      "Template name does not exist in the translation",
      `template name (${name}) does not exist in ${lang}`,
      404,
    );
  if (def.status === "PAUSED") throw new SandboxGraphError(132015, "Template is Paused", `${name} is paused`);
  if (def.status === "DISABLED")
    throw new SandboxGraphError(132016, "Template is disabled", `${name} is disabled`);
  if (def.status !== "APPROVED")
    throw new SandboxGraphError(
      132001,
      "Template name does not exist in the translation",
      `template ${name} is ${def.status.toLowerCase()}, not approved`,
      404,
    );
  const sent = Array.isArray(t.components) ? t.components.filter(isObj) : [];
  const paramCount = (type: string) => {
    const c = sent.find((x) => String(x.type).toLowerCase() === type);
    return Array.isArray(c?.parameters) ? c.parameters.length : 0;
  };
  const body = def.components.find((c) => String(c.type).toUpperCase() === "BODY");
  const header = def.components.find((c) => String(c.type).toUpperCase() === "HEADER");
  const expectedBody = countVars(body?.text);
  const expectedHeader =
    header?.format === "TEXT" || !header?.format ? countVars(header?.text) : header ? 1 : 0;
  if (paramCount("body") !== expectedBody) {
    throw new SandboxGraphError(
      132000,
      "Number of parameters does not match the expected number of params",
      `body: number of localizable_params (${paramCount("body")}) does not match the expected number of params (${expectedBody})`,
    );
  }
  if (paramCount("header") !== expectedHeader) {
    throw new SandboxGraphError(
      132000,
      "Number of parameters does not match the expected number of params",
      `header: number of localizable_params (${paramCount("header")}) does not match the expected number of params (${expectedHeader})`,
    );
  }
}

export type SendKind =
  | { kind: "message"; type: string; to: string; isTemplate: boolean }
  | { kind: "read"; messageId: string; typing: boolean };

/** Validates a send request like Meta does; throws a SandboxGraphError naming the field. */
export function validateSend(
  body: unknown,
  findTemplate: (name: string, language: string) => TemplateDef | undefined,
): SendKind {
  if (!isObj(body))
    throw new SandboxGraphError(100, "Invalid parameter", "Request body must be a JSON object");
  if (body.messaging_product !== "whatsapp") throw invalid("messaging_product", "must be whatsapp");
  if (body.status === "read") {
    const id = str(body.message_id);
    if (!id) throw missing("message_id");
    return { kind: "read", messageId: id, typing: isObj(body.typing_indicator) };
  }
  const to = str(body.to) ?? str(body.recipient);
  if (!to) throw missing("to");
  if (!/^\+?[\d\s-]{5,20}$/.test(to) && !/^[A-Z]{2}\./.test(to))
    throw invalid("to", "must be a phone number in international format");
  const type = str(body.type) ?? "text";
  if (isObj(body.context) && !str(body.context.message_id)) throw missing("context.message_id");
  if (type === "text") {
    const t = isObj(body.text) ? body.text : null;
    if (!t) throw missing("text");
    text(t, "body", "text.body", 4096);
  } else if ((MEDIA as readonly string[]).includes(type)) media(body, type);
  else if (type === "location") {
    const l = isObj(body.location) ? body.location : null;
    if (!l) throw missing("location");
    validateCoordinates(l);
  } else if (type === "contacts") {
    const c = Array.isArray(body.contacts) ? body.contacts : [];
    if (c.length < 1 || c.length > 5) throw invalid("contacts", "must hold 1 to 5 contacts");
  } else if (type === "reaction") {
    const r = isObj(body.reaction) ? body.reaction : null;
    if (!r || !str(r.message_id)) throw missing("reaction.message_id");
    if (r.emoji !== undefined && typeof r.emoji !== "string")
      throw invalid("reaction.emoji", "must be a string");
  } else if (type === "interactive") interactive(body);
  else if (type === "template") template(body, findTemplate);
  else
    throw new SandboxGraphError(131051, "Unsupported message type", `Message type ${type} is not supported`);
  return { kind: "message", type, to: to.replace(/[^\dA-Z.]/g, ""), isTemplate: type === "template" };
}
