"use client";

import { Input } from "@/components/ui/input";
import { type EditorButton, emptyButton } from "@/lib/templates/editor-state";
import { NativeSelect } from "../native-select";
import { type EditorKit, Field, Section } from "./kit";

/** An authentication template: Meta's preset body, the expiry footer and the one OTP button. */
export function AuthSection({ k }: { k: EditorKit }) {
  const { s, update, input, fid, problems } = k;
  const otp = s.buttons[0];
  const setOtp = (patch: Partial<EditorButton>) =>
    update({ buttons: [{ ...emptyButton("OTP"), ...otp, type: "OTP", ...patch }] });
  return (
    <Section title="Authentication">
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={s.securityRecommendation}
          onChange={(e) => update({ securityRecommendation: e.target.checked })}
        />
        Add the security recommendation ("For your security, do not share this code.")
      </label>
      <Field
        id={fid("expiry")}
        label="Code expires after (minutes, 1–90; empty for none)"
        problems={problems("expiry")}
      >
        <Input
          {...input("expiry")}
          inputMode="numeric"
          value={s.codeExpiry}
          onChange={(e) => update({ codeExpiry: e.target.value })}
        />
      </Field>
      <Field
        id={fid("button-0")}
        label="Code button"
        problems={[...(problems("button-0") ?? []), ...(problems("buttons") ?? [])]}
      >
        <NativeSelect
          {...input("button-0")}
          className="w-full"
          value={otp?.otpType ?? "COPY_CODE"}
          onChange={(e) => setOtp({ otpType: e.target.value as EditorButton["otpType"] })}
        >
          <option value="COPY_CODE">Copy code</option>
          <option value="ONE_TAP">One-tap autofill</option>
          <option value="ZERO_TAP">Zero-tap</option>
        </NativeSelect>
      </Field>
      {otp && otp.otpType !== "COPY_CODE" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={fid("pkg")} label="Android package name">
            <Input
              id={fid("pkg")}
              value={otp.packageName}
              onChange={(e) => setOtp({ packageName: e.target.value })}
            />
          </Field>
          <Field id={fid("sig")} label="App signature hash (11 characters)">
            <Input
              id={fid("sig")}
              value={otp.signatureHash}
              onChange={(e) => setOtp({ signatureHash: e.target.value })}
            />
          </Field>
        </div>
      ) : null}
    </Section>
  );
}
