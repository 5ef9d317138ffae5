"use client";

import { ExternalLink, List, MapPin, Phone } from "lucide-react";
import type { ThreadMessage } from "@/lib/conversations/data";
import { arr, mediaFields, obj, safeHref, str } from "@/lib/inbox/message-format";
import { renderTemplate } from "@/lib/messages/render";
import { LinkedText } from "./linked-text";
import { DocumentMedia, ImageMedia, VideoMedia } from "./message-media";

// Interactive messages (ours with their buttons and lists; the customer's choice) and templates rendered
// with the parameters they were sent with.

/** A template definition as the templates endpoint lists it (name, language, Meta components). */
export interface TemplateDef {
  name: string;
  language: string;
  components: Record<string, unknown>[];
}

function Chip({ children, icon }: { children: React.ReactNode; icon?: React.ReactNode }) {
  return (
    <span className="flex items-center justify-center gap-1 rounded-md border border-black/10 bg-background/60 px-2 py-1 text-center text-xs font-medium text-sky-700 dark:border-white/15 dark:text-sky-400">
      {icon}
      {children}
    </span>
  );
}

/** A header, a template's or an interactive message's: text, or a photo, video or document. */
function MediaHeader({ type, holder }: { type: string; holder: Record<string, unknown> }) {
  const media = mediaFields(type, holder);
  if (!media) return null;
  if (type === "image") return <ImageMedia media={media} alt="Header image" />;
  if (type === "video") return <VideoMedia media={media} />;
  if (type === "document") return <DocumentMedia media={media} />;
  return null;
}

function CustomerChoice({ body }: { body: Record<string, unknown> }) {
  const type = str(body.type);
  if (type === "nfm_reply") {
    const reply = obj(body.nfm_reply);
    let fields: [string, string][] = [];
    try {
      const parsed = obj(JSON.parse(String(reply.response_json ?? "{}")));
      fields = Object.entries(parsed)
        .filter(([k]) => k !== "flow_token")
        .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
    } catch {}
    return (
      <div>
        <p>
          <span className="text-muted-foreground">Submitted: </span>
          <span className="font-medium">{str(reply.body) ?? str(reply.name) ?? "a form"}</span>
        </p>
        {fields.length > 0 ? (
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs">
            {fields.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted-foreground">{k}</dt>
                <dd className="break-words">{v}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </div>
    );
  }
  const reply = obj(body.button_reply ?? body.list_reply);
  return (
    <p>
      <span className="text-muted-foreground">Chose: </span>
      <span className="font-medium">{str(reply.title) ?? str(reply.id) ?? "an option"}</span>
      {str(reply.description) ? (
        <span className="block text-xs text-muted-foreground">{str(reply.description)}</span>
      ) : null}
    </p>
  );
}

function BusinessInteractive({ body }: { body: Record<string, unknown> }) {
  const header = obj(body.header);
  const headerType = str(header.type);
  const action = obj(body.action);
  const params = obj(action.parameters);
  const type = str(body.type);
  return (
    <div className="space-y-1">
      {headerType === "text" && str(header.text) ? <p className="font-semibold">{str(header.text)}</p> : null}
      {headerType && headerType !== "text" ? <MediaHeader type={headerType} holder={header} /> : null}
      {str(obj(body.body).text) ? <LinkedText text={str(obj(body.body).text) ?? ""} /> : null}
      {str(obj(body.footer).text) ? (
        <p className="text-xs text-muted-foreground">{str(obj(body.footer).text)}</p>
      ) : null}
      <div className="flex flex-col gap-1 pt-0.5">
        {type === "button"
          ? arr(action.buttons).map((b) => (
              <Chip key={str(obj(b.reply).id) ?? str(obj(b.reply).title)}>{str(obj(b.reply).title)}</Chip>
            ))
          : null}
        {type === "list" ? (
          <details className="rounded-md border border-black/10 px-2 py-1 text-xs dark:border-white/15">
            <summary className="flex cursor-pointer items-center justify-center gap-1 font-medium text-sky-700 dark:text-sky-400">
              <List className="size-3.5" aria-hidden />
              {str(action.button) ?? "Options"}
            </summary>
            {arr(action.sections).map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sections may have no title
              <div key={i} className="py-1">
                {str(s.title) ? <p className="font-semibold text-muted-foreground">{str(s.title)}</p> : null}
                <ul>
                  {arr(s.rows).map((r) => (
                    <li key={str(r.id) ?? str(r.title)} className="py-0.5">
                      {str(r.title)}
                      {str(r.description) ? (
                        <span className="block text-muted-foreground">{str(r.description)}</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </details>
        ) : null}
        {type === "cta_url" ? (
          safeHref(str(params.url)) ? (
            <a href={safeHref(str(params.url)) ?? ""} target="_blank" rel="noopener noreferrer">
              <Chip icon={<ExternalLink className="size-3" aria-hidden />}>
                {str(params.display_text) ?? "Open"}
              </Chip>
            </a>
          ) : (
            <Chip>{str(params.display_text) ?? "Open"}</Chip>
          )
        ) : null}
        {type === "flow" ? <Chip>{str(params.flow_cta) ?? "Open form"}</Chip> : null}
        {type === "location_request_message" ? (
          <Chip>
            <MapPin className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
            Send location
          </Chip>
        ) : null}
        {type && !["button", "list", "cta_url", "flow", "location_request_message"].includes(type) ? (
          <p className="text-xs text-muted-foreground">Interactive message ({type.replaceAll("_", " ")})</p>
        ) : null}
      </div>
    </div>
  );
}

export function InteractiveContent({ m }: { m: ThreadMessage }) {
  const body = obj(m.content.interactive);
  return m.direction === "INBOUND" ? <CustomerChoice body={body} /> : <BusinessInteractive body={body} />;
}

/** The parameter values a template was sent with, per component, for when its definition is unknown. */
function sentParameters(template: Record<string, unknown>) {
  return arr(template.components).flatMap((comp) =>
    arr(comp.parameters).map((p, i) => {
      const type = str(p.type) ?? "text";
      const value =
        str(p.text) ??
        str(p.payload) ??
        str(obj(p.currency).fallback_value) ??
        str(obj(p.date_time).fallback_value) ??
        (mediaFields(type, p) ? `[${type}]` : null) ??
        "";
      const where = str(comp.type) ?? "body";
      const name = str(p.parameter_name) ?? String(i + 1);
      return { key: `${where}-${str(comp.index) ?? ""}-${name}`, label: `${where} {{${name}}}`, value };
    }),
  );
}

export function TemplateContent({
  content,
  templates,
}: {
  content: Record<string, unknown>;
  templates?: readonly TemplateDef[];
}) {
  const template = obj(content.template);
  const headerParam = arr(
    arr(template.components).find((c) => str(c.type)?.toLowerCase() === "header")?.parameters,
  )[0];
  const headerMediaType = headerParam ? str(headerParam.type) : null;
  const t = renderTemplate(content, [...(templates ?? [])]);
  const lang = str(template.language) ?? str(obj(template.language).code);
  const known = (templates ?? []).some((d) => d.name === t.name && d.language === lang);
  const params = known ? [] : sentParameters(template);
  return (
    <div className="space-y-1" data-testid="template-message">
      <p className="text-[11px] uppercase tracking-wide text-muted-foreground">Template · {t.name}</p>
      {headerParam && headerMediaType && headerMediaType !== "text" ? (
        <MediaHeader type={headerMediaType} holder={headerParam} />
      ) : t.header && !t.header.startsWith("[") ? (
        <p className="font-semibold">{t.header}</p>
      ) : null}
      {known ? <LinkedText text={t.body} /> : null}
      {params.length > 0 ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
          {params.map((p) => (
            <div key={p.key} className="contents">
              <dt className="text-muted-foreground">{p.label}</dt>
              <dd className="break-words">{p.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {t.footer ? <p className="text-xs text-muted-foreground">{t.footer}</p> : null}
      {t.buttons.length > 0 ? (
        <div className="flex flex-col gap-1 pt-0.5">
          {t.buttons.map((b) => (
            <Chip
              key={`${b.type}-${b.text}`}
              icon={
                b.type === "URL" ? (
                  <ExternalLink className="size-3" aria-hidden />
                ) : b.type === "PHONE_NUMBER" ? (
                  <Phone className="size-3" aria-hidden />
                ) : undefined
              }
            >
              {b.text}
            </Chip>
          ))}
        </div>
      ) : null}
    </div>
  );
}
