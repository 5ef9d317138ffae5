import { BUTTON_TYPES, type Collector, LIMITS, n, type Obj, OTP_TYPES, objs, str, upper } from "./rules-core";

// Buttons: each kind's fields (URL with its trailing variable, phone, copy code, flow, OTP and its apps),
// and a list's kinds and counts.

const URL_VARIABLE = /\{\{[^{}]*\}\}/g;

export function checkButton(p: Collector, path: string, b: Obj, category: string, inCard: boolean) {
  const type = upper(b.type);
  if (!(BUTTON_TYPES as readonly string[]).includes(type)) {
    p.error(
      `${path}.type`,
      "button.type",
      "A button is a quick reply, URL, phone number, copy code, OTP or flow.",
    );
    return;
  }
  if (inCard && !["QUICK_REPLY", "URL", "PHONE_NUMBER"].includes(type))
    p.error(`${path}.type`, "button.type", "A card's buttons are quick replies, URLs or a phone number.");
  const text = str(b.text);
  if (type !== "COPY_CODE" && type !== "OTP") {
    if (text.trim() === "") p.error(`${path}.text`, "button.text", "Give the button a label.");
    else if (text.length > LIMITS.buttonText)
      p.error(
        `${path}.text`,
        "button.text",
        `A button label is at most ${LIMITS.buttonText} characters (${text.length} now).`,
      );
    if (/\{\{/.test(text)) p.error(`${path}.text`, "button.text", "A button label takes no variables.");
  } else if (text.length > LIMITS.buttonText)
    p.error(
      `${path}.text`,
      "button.text",
      `A button label is at most ${LIMITS.buttonText} characters (${text.length} now).`,
    );
  if (type === "URL") {
    const url = str(b.url);
    if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url.replace(URL_VARIABLE, "x")))
      p.error(`${path}.url`, "button.url", "The URL starts with http:// or https:// and has no spaces.");
    if (url.length > LIMITS.url)
      p.error(`${path}.url`, "button.url", `A URL is at most ${n(LIMITS.url)} characters.`);
    const vars = [...url.matchAll(URL_VARIABLE)];
    if (vars.length > 1)
      p.error(`${path}.url`, "button.url_variable", "A URL takes at most one variable, at its end.");
    else if (vars.length === 1) {
      const v = vars[0]!;
      if (v[0].replace(/\s/g, "") !== "{{1}}")
        p.error(`${path}.url`, "button.url_variable", `A URL's variable is written {{1}} (${v[0]} now).`);
      else if ((v.index ?? 0) + v[0].length !== url.length)
        p.error(
          `${path}.url`,
          "button.url_variable",
          "A URL's variable goes at its very end (https://example.com/track/{{1}}).",
        );
      const ex = Array.isArray(b.example) ? b.example[0] : undefined;
      if (typeof ex !== "string" || ex.trim() === "")
        p.error(
          `${path}.example`,
          "example.missing",
          "Give an example of the full URL with the variable filled in.",
        );
    }
  } else if (type === "PHONE_NUMBER") {
    const phone = str(b.phone_number);
    if (!/^\+?[0-9]{4,19}$/.test(phone.replace(/[\s-]/g, "")) || phone.length > LIMITS.phone)
      p.error(
        `${path}.phone_number`,
        "button.phone",
        `A phone number with its country code, at most ${LIMITS.phone} characters (e.g. +15551234567).`,
      );
  } else if (type === "COPY_CODE") {
    if (category === "AUTHENTICATION")
      p.error(`${path}.type`, "button.copy_code_category", "Authentication templates use the OTP button.");
    const ex = Array.isArray(b.example) ? b.example[0] : b.example;
    if (typeof ex !== "string" || ex.trim() === "")
      p.error(`${path}.example`, "button.copy_code_example", "Give an example code.");
    else if (ex.length > LIMITS.copyCode)
      p.error(
        `${path}.example`,
        "button.copy_code_example",
        `A copy-code example is at most ${LIMITS.copyCode} characters (${ex.length} now).`,
      );
  } else if (type === "FLOW") {
    if (!str(b.flow_id) && !str(b.flow_name) && !str(b.flow_json))
      p.error(
        `${path}.flow_id`,
        "button.flow",
        "Choose the flow the button opens (flow_id, flow_name or flow_json).",
      );
    if (b.flow_action !== undefined && !["navigate", "data_exchange"].includes(str(b.flow_action)))
      p.error(`${path}.flow_action`, "button.flow", "flow_action is navigate or data_exchange.");
  } else if (type === "OTP") {
    if (category !== "AUTHENTICATION")
      p.error(`${path}.type`, "button.otp_category", "The OTP button is for authentication templates.");
    const otp = upper(b.otp_type);
    if (!(OTP_TYPES as readonly string[]).includes(otp))
      p.error(`${path}.otp_type`, "button.otp_type", "otp_type is COPY_CODE, ONE_TAP or ZERO_TAP.");
    else if (otp !== "COPY_CODE") checkApps(p, path, b);
  }
}

function checkApps(p: Collector, path: string, b: Obj) {
  const apps = Array.isArray(b.supported_apps)
    ? objs(b.supported_apps)
    : b.package_name !== undefined
      ? [{ package_name: b.package_name, signature_hash: b.signature_hash }]
      : [];
  if (apps.length === 0)
    p.error(
      `${path}.supported_apps`,
      "button.otp_app",
      "One-tap and zero-tap codes name the Android app (package name and signature hash).",
    );
  if (apps.length > LIMITS.supportedApps)
    p.error(`${path}.supported_apps`, "button.otp_app", `At most ${LIMITS.supportedApps} apps.`);
  apps.forEach((a, i) => {
    const pkg = str(a.package_name);
    if (!/^[A-Za-z][\w]*(\.[A-Za-z][\w]*)+$/.test(pkg) || pkg.length > LIMITS.packageName)
      p.error(
        `${path}.supported_apps[${i}].package_name`,
        "button.otp_app",
        `An Android package name such as com.example.app, at most ${LIMITS.packageName} characters.`,
      );
    if (str(a.signature_hash).length !== LIMITS.signatureHash)
      p.error(
        `${path}.supported_apps[${i}].signature_hash`,
        "button.otp_app",
        `The app's signature hash is exactly ${LIMITS.signatureHash} characters.`,
      );
  });
}

/** Kinds and counts across a button list: ≤10, ≤2 URL, ≤1 phone, ≤1 copy code, quick replies together. */
export function checkButtons(p: Collector, path: string, buttons: Obj[], category: string, inCard = false) {
  const max = inCard ? LIMITS.cardButtons : LIMITS.buttons;
  if (buttons.length === 0) p.error(path, "buttons.count", "Add a button, or remove the buttons section.");
  if (buttons.length > max) p.error(path, "buttons.count", `At most ${max} buttons (${buttons.length} now).`);
  const count = (t: string) => buttons.filter((b) => upper(b.type) === t).length;
  if (count("URL") > LIMITS.urlButtons)
    p.error(path, "buttons.url_count", `At most ${LIMITS.urlButtons} URL buttons (${count("URL")} now).`);
  if (count("PHONE_NUMBER") > LIMITS.phoneButtons)
    p.error(path, "buttons.phone_count", "At most 1 phone-number button.");
  if (count("COPY_CODE") > LIMITS.copyCodeButtons)
    p.error(path, "buttons.copy_code_count", "At most 1 copy-code button.");
  if (count("OTP") > 0 && buttons.length > 1)
    p.error(path, "buttons.otp_only", "The OTP button is the template's only button.");
  const kinds = buttons.map((b) => upper(b.type) === "QUICK_REPLY");
  const runs = kinds.filter((q, i) => q && (i === 0 || !kinds[i - 1])).length;
  if (runs > 1)
    p.error(
      path,
      "buttons.quick_reply_group",
      "Quick replies go together: all before or all after the other buttons.",
    );
  for (const [i, b] of buttons.entries()) checkButton(p, `${path}[${i}]`, b, category, inCard);
}
