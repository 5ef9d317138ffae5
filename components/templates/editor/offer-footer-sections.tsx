"use client";

import { Input } from "@/components/ui/input";
import { LIMITS } from "@/lib/templates/rules";
import { type EditorKit, Field, Section } from "./kit";

/** A marketing template's limited-time offer: a headline and, optionally, when it expires. */
export function OfferSection({ k }: { k: EditorKit }) {
  const { s, update, input, fid, problems } = k;
  return (
    <Section title="Limited-time offer">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={s.offer.enabled}
          onChange={(e) => update({ offer: { ...s.offer, enabled: e.target.checked } })}
        />
        This is a limited-time offer
      </label>
      {s.offer.enabled ? (
        <>
          <Field
            id={fid("offer")}
            label="Offer headline"
            counter={[s.offer.text.length, LIMITS.ltoText]}
            problems={problems("offer")}
          >
            <Input
              {...input("offer")}
              value={s.offer.text}
              onChange={(e) => update({ offer: { ...s.offer, text: e.target.value } })}
            />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={s.offer.expires}
              onChange={(e) => update({ offer: { ...s.offer, expires: e.target.checked } })}
            />
            Show when the offer expires (needs a copy-code button first)
          </label>
        </>
      ) : null}
    </Section>
  );
}

export function FooterSection({ k }: { k: EditorKit }) {
  const { s, update, input, fid, problems } = k;
  return (
    <Section title="Footer">
      <Field
        id={fid("footer")}
        label="Footer text (optional)"
        counter={[s.footer.length, LIMITS.footer]}
        problems={problems("footer")}
      >
        <Input {...input("footer")} value={s.footer} onChange={(e) => update({ footer: e.target.value })} />
      </Field>
    </Section>
  );
}
