import { ATTACHMENT_KINDS } from "@/lib/inbox/attachment-limits";
import { invalid, missing, SandboxGraphError } from "./graph-error";

// Rules the simulator enforces the way Meta does, beyond the shape checks in validate.ts: interactive
// media carousels, coordinates, template placeholders and uploads (research/meta-cloud-api.md §5–§6).

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function text(o: Obj, key: string, path: string, max: number, required = true): void {
  const v = o[key];
  if (v === undefined || v === null || v === "") {
    if (required) throw missing(path);
    return;
  }
  if (typeof v !== "string") throw invalid(path, "must be a string");
  if (v.length > max) throw invalid(path, `must be at most ${max} characters`);
}

function httpUrl(o: Obj, key: string, path: string): void {
  text(o, key, path, 2000);
  if (!/^https?:\/\//.test(String(o[key]))) throw invalid(path, "must be an http(s) URL");
}

/**
 * An interactive media carousel: a body, then 2 to 10 cards, each with an image or video header (the
 * same kind on every card), optional body text and either one URL button or up to two quick replies.
 */
export function validateCarousel(i: Obj): void {
  const body = isObj(i.body) ? i.body : {};
  text(body, "text", "interactive.body.text", 1024);
  const action = isObj(i.action) ? i.action : null;
  if (!action) throw missing("interactive.action");
  const cards = Array.isArray(action.cards) ? action.cards : null;
  if (!cards) throw missing("interactive.action.cards");
  if (cards.length < 2 || cards.length > 10)
    throw invalid("interactive.action.cards", "must have 2 to 10 cards");
  let headerKind: string | undefined;
  cards.forEach((card, idx) => {
    const p = `interactive.action.cards[${idx}]`;
    if (!isObj(card)) throw missing(p);
    if (card.card_index !== undefined && Number(card.card_index) !== idx)
      throw invalid(`${p}.card_index`, `must be ${idx}`);
    const header = isObj(card.header) ? card.header : null;
    if (!header) throw missing(`${p}.header`);
    const kind = String(header.type ?? "");
    if (kind !== "image" && kind !== "video") throw invalid(`${p}.header.type`, "must be image or video");
    headerKind ??= kind;
    if (kind !== headerKind) throw invalid(`${p}.header.type`, "must be the same on every card");
    const m = isObj(header[kind]) ? (header[kind] as Obj) : null;
    if (!m) throw missing(`${p}.header.${kind}`);
    const hasId = typeof m.id === "string" && m.id !== "";
    const hasLink = typeof m.link === "string" && m.link !== "";
    if (hasId === hasLink) throw invalid(`${p}.header.${kind}`, "needs exactly one of id or link");
    if (hasLink) httpUrl(m, "link", `${p}.header.${kind}.link`);
    if (isObj(card.body)) text(card.body, "text", `${p}.body.text`, 160, false);
    const a = isObj(card.action) ? card.action : null;
    if (!a) throw missing(`${p}.action`);
    if (Array.isArray(a.buttons)) {
      if (a.buttons.length < 1 || a.buttons.length > 2)
        throw invalid(`${p}.action.buttons`, "must have 1 or 2 quick-reply buttons");
      a.buttons.forEach((b, bi) => {
        const qr = isObj(b) && isObj(b.quick_reply) ? b.quick_reply : null;
        if (!qr) throw missing(`${p}.action.buttons[${bi}].quick_reply`);
        text(qr, "id", `${p}.action.buttons[${bi}].quick_reply.id`, 256);
        text(qr, "title", `${p}.action.buttons[${bi}].quick_reply.title`, 20);
      });
    } else {
      if (a.name !== "cta_url") throw invalid(`${p}.action.name`, "must be cta_url, or give buttons");
      const params = isObj(a.parameters) ? a.parameters : null;
      if (!params) throw missing(`${p}.action.parameters`);
      text(params, "display_text", `${p}.action.parameters.display_text`, 20);
      httpUrl(params, "url", `${p}.action.parameters.url`);
    }
  });
}

/** Latitude in [-90, 90] and longitude in [-180, 180], as numbers or numeric strings. */
export function validateCoordinates(l: Obj): void {
  for (const [k, limit] of [
    ["latitude", 90],
    ["longitude", 180],
  ] as const) {
    const v = l[k];
    if (v === undefined || v === null || v === "") throw missing(`location.${k}`);
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) throw invalid(`location.${k}`, "must be a number");
    if (Math.abs(n) > limit) throw invalid(`location.${k}`, `must be between -${limit} and ${limit}`);
  }
}

const ALLOWED_MIMES = new Map<string, number>(
  ATTACHMENT_KINDS.flatMap((k) => Object.keys(k.mimes).map((m) => [m, k.maxBytes] as const)),
);
const EXECUTABLE_NAME = /\.(exe|dll|com|bat|cmd|msi|scr|ps1|vbs|js|jar|sh|bin|elf|app|apk|dmg|html?|svg)$/i;

/** Whether the first bytes are a program: PE (MZ), ELF, Mach-O, a script with #!, or a Java class. */
function looksExecutable(head: Uint8Array): boolean {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x4d && b(1) === 0x5a) return true; // MZ
  if (b(0) === 0x7f && b(1) === 0x45 && b(2) === 0x4c && b(3) === 0x46) return true; // ELF
  if (b(0) === 0x23 && b(1) === 0x21) return true; // #!
  const word = ((b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3)) >>> 0;
  return [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(word);
}

/**
 * Meta takes only its media types (jpeg/png images, mp4/3gp video, aac/amr/mpeg/mp4/ogg audio, office
 * documents, pdf, txt, webp stickers) within each type's size, and never a program.
 */
export function validateUpload(file: { type: string; size: number; name?: string }, head: Uint8Array): void {
  const mime = file.type.split(";")[0]!.trim().toLowerCase();
  const max = ALLOWED_MIMES.get(mime);
  if (max === undefined)
    throw new SandboxGraphError(
      131053,
      "Media upload error",
      `Unsupported file type ${mime || "(none)"}: send jpeg/png images, mp4/3gp video, aac/amr/mp3/m4a/ogg audio, pdf/txt/office documents or webp stickers`,
    );
  if (file.size > max)
    throw new SandboxGraphError(131053, "Media upload error", `A ${mime} file may be at most ${max} bytes`);
  if ((file.name && EXECUTABLE_NAME.test(file.name)) || looksExecutable(head))
    throw new SandboxGraphError(131053, "Media upload error", "Executable files cannot be uploaded");
}
