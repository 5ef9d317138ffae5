import { describe, expect, it } from "vitest";
import { previewTemplate } from "./preview";
import { checkEdit, checkTemplate, errorsOnly, type Problem } from "./rules";

type Obj = Record<string, unknown>;

const marketing = (over: Obj = {}, components?: Obj[]): Obj => ({
  name: "summer_sale",
  language: "en_US",
  category: "MARKETING",
  parameter_format: "NAMED",
  components: components ?? [
    { type: "HEADER", format: "IMAGE", example: { header_handle: ["4::aW1hZ2U=:ARb"] } },
    {
      type: "BODY",
      text: "Hi {{first_name}}, the sale on {{item}} ends soon. Come by!",
      example: {
        body_text_named_params: [
          { param_name: "first_name", example: "Ana" },
          { param_name: "item", example: "shoes" },
        ],
      },
    },
    { type: "FOOTER", text: "Reply STOP to opt out" },
    {
      type: "BUTTONS",
      buttons: [
        { type: "QUICK_REPLY", text: "Interested" },
        { type: "QUICK_REPLY", text: "Not now" },
        {
          type: "URL",
          text: "Shop",
          url: "https://shop.example.com/s/{{1}}",
          example: ["https://shop.example.com/s/a1"],
        },
        { type: "PHONE_NUMBER", text: "Call us", phone_number: "+15551234567" },
      ],
    },
  ],
  ...over,
});

const body = (text: string, example?: Obj): Obj => ({ type: "BODY", text, ...(example ? { example } : {}) });
const positional = (components: Obj[], over: Obj = {}) =>
  marketing({ parameter_format: "POSITIONAL", ...over }, components);

/** The rule ids of the errors, then the paths. */
const rules = (t: unknown) => errorsOnly(checkTemplate(t)).map((p) => p.rule);
const find = (t: unknown, rule: string): Problem | undefined => checkTemplate(t).find((p) => p.rule === rule);

describe("a valid template", () => {
  it("passes with no problems (named, media header, footer, grouped buttons)", () => {
    expect(checkTemplate(marketing())).toEqual([]);
  });
  it("passes positional with examples", () => {
    const t = positional([
      { type: "HEADER", format: "TEXT", text: "Order {{1}}", example: { header_text: ["#42"] } },
      body("Hello {{1}}, your order {{2}} shipped today.", { body_text: [["Ana", "#42"]] }),
    ]);
    expect(checkTemplate(t)).toEqual([]);
  });
  it("parameter_format defaults to POSITIONAL", () => {
    const t = marketing({ parameter_format: undefined }, [body("Hi {{1}} there.", { body_text: [["Ana"]] })]);
    expect(checkTemplate(t)).toEqual([]);
  });
});

describe("name, language, category, format", () => {
  it.each([
    ["", "name.required"],
    ["Summer", "name.format"],
    ["summer-sale", "name.format"],
    ["summer sale", "name.format"],
    ["a".repeat(513), "name.length"],
  ])("name %j → %s", (name, rule) => {
    const p = find(marketing({ name }), rule);
    expect(p?.path).toBe("name");
  });
  it("accepts 512 characters", () => expect(rules(marketing({ name: "a".repeat(512) }))).toEqual([]));
  it.each(["", "english", "EN", "en-US", "en_us"])("language %j is refused", (language) => {
    expect(find(marketing({ language }), "language.format")?.path).toBe("language");
  });
  it.each(["en", "en_US", "pt_BR", "fil"])("language %j is taken", (language) => {
    expect(rules(marketing({ language }))).toEqual([]);
  });
  it("category must be one of Meta's three", () => {
    expect(find(marketing({ category: "PROMO" }), "category.enum")?.path).toBe("category");
    expect(rules(marketing({ category: "utility" }))).not.toContain("category.enum");
  });
  it("parameter_format must be POSITIONAL or NAMED", () => {
    expect(find(marketing({ parameter_format: "MIXED" }), "parameter_format.enum")?.path).toBe(
      "parameter_format",
    );
  });
  it("components are required, one of each kind, known kinds only", () => {
    expect(rules({ ...marketing(), components: undefined })).toEqual(["components.required"]);
    expect(rules(marketing({}, [body("Hi."), body("Again.")]))).toContain("component.duplicate");
    expect(rules(marketing({}, [body("Hi."), { type: "STICKER" }]))).toContain("component.type");
    expect(find(marketing({}, [{ type: "FOOTER", text: "x" }]), "body.required")?.path).toBe(
      "components.BODY.text",
    );
  });
});

describe("variables: POSITIONAL vs NAMED, never mixed", () => {
  it("a named variable in a POSITIONAL template is a mix", () => {
    const p = find(positional([body("Hi {{1}} and {{name}} ok", { body_text: [["a"]] })]), "variables.mixed");
    expect(p?.path).toBe("components.BODY.text");
    expect(p?.message).toContain("{{name}}");
  });
  it("a positional variable in a NAMED template is a mix", () => {
    expect(find(marketing({}, [body("Hi {{1}} ok")]), "variables.mixed")?.message).toContain("NAMED");
  });
  it.each(["{{}}", "{{ }}", "{{Name}}", "{{first-name}}", "{{0}}"])("%s is not a valid variable", (v) => {
    const named = rules(marketing({}, [body(`Hi ${v} ok`)]));
    const pos = rules(positional([body(`Hi ${v} ok`)]));
    expect([...named, ...pos].some((r) => r === "variables.name" || r === "variables.mixed")).toBe(true);
  });
  it("positional variables run {{1}}…{{n}} without gaps", () => {
    expect(
      find(positional([body("A {{1}} b {{3}} c", { body_text: [["x", "y"]] })]), "variables.sequence")
        ?.message,
    ).toContain("{{2}}");
    expect(rules(positional([body("A {{2}} b", { body_text: [["x"]] })]))).toContain("variables.sequence");
    expect(rules(positional([body("A {{2}} b {{1}} c {{1}} d", { body_text: [["x", "y"]] })]))).toEqual([]);
  });
});

describe("examples for every variable", () => {
  it("positional body: one example per variable", () => {
    const p = find(positional([body("A {{1}} b {{2}} c")]), "example.missing");
    expect(p?.path).toBe("components.BODY.example.body_text[0]");
    expect(rules(positional([body("A {{1}} b {{2}} c", { body_text: [["x"]] })]))).toEqual([
      "example.missing",
    ]);
    expect(rules(positional([body("A {{1}} b {{2}} c", { body_text: [["x", " "]] })]))).toEqual([
      "example.missing",
    ]);
    expect(rules(positional([body("A {{1}} b", { body_text: [["x", "y"]] })]))).toEqual(["example.count"]);
  });
  it("named body: each name has an example, no unknown names", () => {
    const t = marketing({}, [
      body("Hi {{first_name}} ok", { body_text_named_params: [{ param_name: "first", example: "x" }] }),
    ]);
    const ps = errorsOnly(checkTemplate(t));
    expect(ps.map((p) => [p.rule, p.path])).toEqual([
      ["example.missing", "components.BODY.example.body_text_named_params.first_name"],
      ["example.unknown", "components.BODY.example.body_text_named_params.first"],
    ]);
  });
  it("examples without variables are refused", () => {
    expect(rules(positional([body("No vars.", { body_text: [["x"]] })]))).toEqual(["example.unknown"]);
  });
});

describe("header", () => {
  const withHeader = (h: Obj, format: "NAMED" | "POSITIONAL" = "POSITIONAL", category = "MARKETING") =>
    marketing({ parameter_format: format, category }, [{ type: "HEADER", ...h }, body("Hello there.")]);
  it("text: at most 60, one line, no formatting, at most one variable with its example", () => {
    expect(rules(withHeader({ format: "TEXT", text: "x".repeat(61) }))).toEqual(["header.text.length"]);
    expect(rules(withHeader({ format: "TEXT", text: "x".repeat(60) }))).toEqual([]);
    expect(rules(withHeader({ format: "TEXT", text: "a\nb" }))).toEqual(["header.text.newline"]);
    expect(rules(withHeader({ format: "TEXT", text: "*Sale*" }))).toEqual(["header.text.format"]);
    expect(rules(withHeader({ format: "TEXT", text: "" }))).toEqual(["header.text.required"]);
    expect(rules(withHeader({ format: "TEXT", text: "{{1}} {{2}}" }))).toEqual(["header.text.variables"]);
    expect(find(withHeader({ format: "TEXT", text: "Hi {{1}}" }), "example.missing")?.path).toBe(
      "components.HEADER.example.header_text[0]",
    );
    expect(
      rules(withHeader({ format: "TEXT", text: "Hi {{1}}", example: { header_text: ["Ana"] } })),
    ).toEqual([]);
    expect(
      rules(
        withHeader(
          {
            format: "TEXT",
            text: "Hi {{name}}",
            example: { header_text_named_params: [{ param_name: "name", example: "Ana" }] },
          },
          "NAMED",
        ),
      ),
    ).toEqual([]);
  });
  it.each(["IMAGE", "VIDEO", "DOCUMENT"])("%s needs a sample handle", (format) => {
    expect(find(withHeader({ format }), "header.media.sample")?.path).toBe(
      "components.HEADER.example.header_handle",
    );
    expect(rules(withHeader({ format, example: { header_handle: ["4::x"] } }))).toEqual([]);
  });
  it("location needs no example and is not for authentication; unknown formats refused", () => {
    expect(rules(withHeader({ format: "LOCATION" }))).toEqual([]);
    expect(rules(withHeader({ format: "STICKER" }))).toEqual(["header.format"]);
  });
});

describe("body and footer", () => {
  it("body is at most 1,024 characters", () => {
    expect(rules(positional([body("x".repeat(1024))]))).toEqual([]);
    const p = find(positional([body("x".repeat(1025))]), "body.length");
    expect(p?.message).toContain("1,024");
    expect(p?.message).toContain("1,025 now");
  });
  it("a variable at the start or end, or two side by side, is a review warning", () => {
    const w = checkTemplate(positional([body("{{1}} is ready", { body_text: [["x"]] })]));
    expect(w.map((p) => [p.rule, p.severity])).toEqual([["body.edge_variable", "warning"]]);
    expect(checkTemplate(positional([body("Ready {{1}}.", { body_text: [["x"]] })]))[0]?.rule).toBe(
      "body.edge_variable",
    );
    expect(checkTemplate(positional([body("Hi {{1}} {{2}} ok", { body_text: [["x", "y"]] })]))[0]?.rule).toBe(
      "body.adjacent_variables",
    );
  });
  it("footer is at most 60, static, non-empty", () => {
    const f = (text: string) => positional([body("Hi."), { type: "FOOTER", text }]);
    expect(rules(f("x".repeat(60)))).toEqual([]);
    expect(rules(f("x".repeat(61)))).toEqual(["footer.length"]);
    expect(rules(f("Hi {{1}}"))).toEqual(["footer.variables"]);
    expect(rules(f(""))).toEqual(["footer.required"]);
  });
});

describe("buttons", () => {
  const withButtons = (buttons: Obj[], category = "MARKETING") =>
    positional([body("Hello there."), { type: "BUTTONS", buttons }], { category });
  const qr = (text = "Yes") => ({ type: "QUICK_REPLY", text });
  const url = (u = "https://example.com") => ({ type: "URL", text: "Open", url: u });
  const phone = { type: "PHONE_NUMBER", text: "Call", phone_number: "+15551234567" };
  it("at most 10 buttons, at least one", () => {
    expect(rules(withButtons(Array.from({ length: 10 }, () => qr())))).toEqual([]);
    expect(rules(withButtons(Array.from({ length: 11 }, () => qr())))).toEqual(["buttons.count"]);
    expect(rules(withButtons([]))).toEqual(["buttons.count"]);
  });
  it("at most 2 URL and 1 phone number and 1 copy code", () => {
    expect(rules(withButtons([url(), url(), url()]))).toEqual(["buttons.url_count"]);
    expect(rules(withButtons([phone, phone]))).toEqual(["buttons.phone_count"]);
    const cc = { type: "COPY_CODE", example: ["SAVE10"] };
    expect(rules(withButtons([cc, cc]))).toEqual(["buttons.copy_code_count"]);
  });
  it("quick replies are grouped", () => {
    expect(rules(withButtons([qr(), url(), qr()]))).toEqual(["buttons.quick_reply_group"]);
    expect(rules(withButtons([url(), qr(), qr()]))).toEqual([]);
    expect(rules(withButtons([qr(), qr(), url(), phone]))).toEqual([]);
  });
  it("labels: required, at most 25, no variables", () => {
    expect(find(withButtons([qr("")]), "button.text")?.path).toBe("components.BUTTONS.buttons[0].text");
    expect(rules(withButtons([qr("x".repeat(26))]))).toEqual(["button.text"]);
    expect(rules(withButtons([qr("x".repeat(25))]))).toEqual([]);
    expect(rules(withButtons([qr("Hi {{1}}")]))).toEqual(["button.text"]);
  });
  it("URL: http(s), at most 2000, one trailing {{1}} with an example", () => {
    expect(rules(withButtons([url("ftp://x.com")]))).toEqual(["button.url"]);
    expect(rules(withButtons([url("https://x.com/a b")]))).toEqual(["button.url"]);
    expect(rules(withButtons([url(`https://x.com/${"a".repeat(2000)}`)]))).toEqual(["button.url"]);
    expect(rules(withButtons([url("https://x.com/{{1}}/x")]))).toEqual([
      "button.url_variable",
      "example.missing",
    ]);
    expect(rules(withButtons([url("https://x.com/{{1}}{{2}}")]))).toContain("button.url_variable");
    expect(rules(withButtons([url("https://x.com/{{code}}")]))).toContain("button.url_variable");
    expect(find(withButtons([url("https://x.com/{{1}}")]), "example.missing")?.path).toBe(
      "components.BUTTONS.buttons[0].example",
    );
    expect(rules(withButtons([{ ...url("https://x.com/{{1}}"), example: ["https://x.com/a"] }]))).toEqual([]);
  });
  it("phone number: country code, digits, at most 20", () => {
    expect(rules(withButtons([{ ...phone, phone_number: "call me" }]))).toEqual(["button.phone"]);
    expect(rules(withButtons([{ ...phone, phone_number: "+1555123456789012345678" }]))).toEqual([
      "button.phone",
    ]);
  });
  it("copy code: example of at most 15, not in authentication", () => {
    expect(rules(withButtons([{ type: "COPY_CODE" }]))).toEqual(["button.copy_code_example"]);
    expect(rules(withButtons([{ type: "COPY_CODE", example: ["x".repeat(16)] }]))).toEqual([
      "button.copy_code_example",
    ]);
    expect(rules(withButtons([{ type: "COPY_CODE", example: "SAVE10" }]))).toEqual([]);
  });
  it("flow: names the flow; flow_action navigate or data_exchange", () => {
    expect(rules(withButtons([{ type: "FLOW", text: "Book" }]))).toEqual(["button.flow"]);
    expect(rules(withButtons([{ type: "FLOW", text: "Book", flow_id: "123", flow_action: "jump" }]))).toEqual(
      ["button.flow"],
    );
    expect(
      rules(withButtons([{ type: "FLOW", text: "Book", flow_id: "123", flow_action: "navigate" }])),
    ).toEqual([]);
  });
  it("OTP only in authentication; unknown kinds refused", () => {
    expect(rules(withButtons([{ type: "OTP", otp_type: "COPY_CODE" }]))).toEqual(["button.otp_category"]);
    expect(rules(withButtons([{ type: "CALL_ME", text: "x" }]))).toEqual(["button.type"]);
  });
});

describe("authentication", () => {
  const auth = (components: Obj[]) => ({
    name: "login_code",
    language: "en_US",
    category: "AUTHENTICATION",
    components,
  });
  const otp = (o: Obj = {}) => ({ type: "BUTTONS", buttons: [{ type: "OTP", otp_type: "COPY_CODE", ...o }] });
  it("preset body with the security recommendation, expiry footer, one OTP button", () => {
    const ok = auth([
      { type: "BODY", add_security_recommendation: true },
      { type: "FOOTER", code_expiration_minutes: 10 },
      otp(),
    ]);
    expect(checkTemplate(ok)).toEqual([]);
    expect(previewTemplate(ok).footer).toBe("This code expires in 10 minutes.");
    expect(previewTemplate(ok).body).toContain("do not share");
  });
  it.each([0, 91, 2.5, "10"])("code expiry %j is refused (1–90 minutes)", (m) => {
    const p = find(
      auth([{ type: "BODY" }, { type: "FOOTER", code_expiration_minutes: m }, otp()]),
      "auth.expiry",
    );
    expect(p?.path).toBe("components.FOOTER.code_expiration_minutes");
  });
  it("no header, no body text, exactly one OTP button", () => {
    expect(rules(auth([{ type: "HEADER", format: "TEXT", text: "x" }, { type: "BODY" }, otp()]))).toEqual([
      "auth.header",
    ]);
    expect(rules(auth([{ type: "BODY", text: "Your code" }, otp()]))).toEqual(["auth.body"]);
    expect(rules(auth([{ type: "BODY" }]))).toEqual(["auth.buttons"]);
    expect(
      rules(auth([{ type: "BODY" }, { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "x" }] }])),
    ).toContain("auth.buttons");
    expect(rules(auth([{ type: "BODY" }, { type: "FOOTER", text: "hi" }, otp()]))).toEqual(["auth.footer"]);
  });
  it("OTP types; one tap and zero tap name the app", () => {
    expect(rules(auth([{ type: "BODY" }, otp({ otp_type: "MAGIC" })]))).toEqual(["button.otp_type"]);
    expect(rules(auth([{ type: "BODY" }, otp({ otp_type: "ONE_TAP" })]))).toEqual(["button.otp_app"]);
    const app = { package_name: "com.example.app", signature_hash: "K8a/AINcGX7" };
    expect(rules(auth([{ type: "BODY" }, otp({ otp_type: "ZERO_TAP", supported_apps: [app] })]))).toEqual([]);
    expect(
      rules(
        auth([
          { type: "BODY" },
          otp({ otp_type: "ONE_TAP", supported_apps: [{ ...app, signature_hash: "short" }] }),
        ]),
      ),
    ).toEqual(["button.otp_app"]);
    expect(
      rules(auth([{ type: "BODY" }, otp({ otp_type: "ONE_TAP", supported_apps: Array(6).fill(app) })])),
    ).toEqual(["button.otp_app"]);
  });
});

const card = (over: { header?: string; buttons?: Obj[]; text?: string } = {}) => ({
  components: [
    { type: "HEADER", format: over.header ?? "IMAGE", example: { header_handle: ["4::h"] } },
    { type: "BODY", text: over.text ?? "Card text." },
    { type: "BUTTONS", buttons: over.buttons ?? [{ type: "QUICK_REPLY", text: "More" }] },
  ],
});
const carousel = (cards: Obj[], category = "MARKETING", extra: Obj[] = []) =>
  positional([body("Look at these."), { type: "CAROUSEL", cards }, ...extra], { category });

describe("carousel", () => {
  it("2 to 10 cards", () => {
    expect(rules(carousel([card(), card()]))).toEqual([]);
    expect(rules(carousel(Array.from({ length: 10 }, () => card())))).toEqual([]);
    expect(find(carousel([card()]), "carousel.cards")?.path).toBe("components.CAROUSEL.cards");
    expect(rules(carousel(Array.from({ length: 11 }, () => card())))).toEqual(["carousel.cards"]);
  });
  it("every card has the same header kind and the same buttons", () => {
    expect(rules(carousel([card(), card({ header: "VIDEO" })]))).toEqual(["carousel.same_shape"]);
    expect(
      rules(carousel([card(), card({ buttons: [{ type: "URL", text: "x", url: "https://x.com" }] })])),
    ).toEqual(["carousel.same_shape"]);
    expect(rules(carousel([card({ header: "DOCUMENT" }), card({ header: "DOCUMENT" })]))).toEqual([
      "header.format",
      "header.format",
    ]);
  });
  it("card body at most 160; 1–2 buttons per card; no top-level header, footer or buttons", () => {
    expect(find(carousel([card({ text: "x".repeat(161) }), card()]), "body.length")?.path).toBe(
      "components.CAROUSEL.cards[0].BODY.text",
    );
    const three = [
      { type: "QUICK_REPLY", text: "a" },
      { type: "QUICK_REPLY", text: "b" },
      { type: "QUICK_REPLY", text: "c" },
    ];
    expect(rules(carousel([card({ buttons: three }), card({ buttons: three })]))).toEqual([
      "buttons.count",
      "buttons.count",
    ]);
    expect(rules(carousel([card(), card()], "MARKETING", [{ type: "FOOTER", text: "x" }]))).toEqual([
      "carousel.top_level",
    ]);
    expect(rules(carousel([card(), card()], "AUTHENTICATION"))).toContain("carousel.category");
  });
});

describe("limited-time offer", () => {
  const lto = (o: Obj, buttons: Obj[], category = "MARKETING", extra: Obj[] = []) =>
    positional(
      [
        body("Deal of the day."),
        { type: "LIMITED_TIME_OFFER", limited_time_offer: o },
        { type: "BUTTONS", buttons },
        ...extra,
      ],
      { category },
    );
  const copy = { type: "COPY_CODE", example: ["SAVE10"] };
  const url = { type: "URL", text: "Shop", url: "https://x.com" };
  it("marketing only, headline ≤16, a URL button, copy code first when it expires, no footer", () => {
    expect(rules(lto({ text: "Ends soon", has_expiration: true }, [copy, url]))).toEqual([]);
    expect(rules(lto({ text: "Ends soon" }, [url]))).toEqual([]);
    expect(rules(lto({ text: "x".repeat(17) }, [url]))).toEqual(["lto.text"]);
    expect(rules(lto({ text: "Deal" }, [copy]))).toEqual(["lto.url_button"]);
    expect(rules(lto({ text: "Deal", has_expiration: true }, [url]))).toEqual(["lto.copy_code"]);
    expect(rules(lto({ text: "Deal" }, [url], "UTILITY"))).toEqual(["lto.category"]);
    expect(rules(lto({ text: "Deal" }, [url], "MARKETING", [{ type: "FOOTER", text: "f" }]))).toEqual([
      "lto.footer",
    ]);
  });
});

describe("edits", () => {
  it("only approved, rejected or paused; an approved template keeps its category", () => {
    expect(checkEdit({ status: "APPROVED", category: "MARKETING" }, { category: "MARKETING" })).toEqual([]);
    expect(checkEdit({ status: "PENDING", category: "MARKETING" }, {})[0]?.rule).toBe("edit.status");
    expect(checkEdit({ status: "APPROVED", category: "MARKETING" }, { category: "UTILITY" })[0]?.rule).toBe(
      "edit.category",
    );
    expect(checkEdit({ status: "REJECTED", category: "MARKETING" }, { category: "UTILITY" })).toEqual([]);
  });
  it("an approved template: one edit in 24 hours, ten in 30 days", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    const ago = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const approved = (editedAt: Date[]) => ({ status: "APPROVED", category: "UTILITY", editedAt });
    const rules = (editedAt: Date[]) => checkEdit(approved(editedAt), {}, now).map((x) => x.rule);
    expect(rules([])).toEqual([]);
    expect(rules([ago(23.9)])).toEqual(["edit.daily_limit"]);
    expect(rules([ago(24.1)])).toEqual([]);
    const nine = Array.from({ length: 9 }, (_, i) => ago(48 + i * 24));
    expect(rules(nine)).toEqual([]);
    expect(rules([...nine, ago(30)])).toEqual(["edit.monthly_limit"]);
    expect(rules([...nine, ago(24 * 31)])).toEqual([]);
    // A rejected template's edits are not counted.
    expect(checkEdit({ status: "REJECTED", category: "UTILITY", editedAt: [ago(1)] }, {}, now)).toEqual([]);
  });
});

describe("preview", () => {
  it("fills examples into header, body and URL buttons", () => {
    const p = previewTemplate(marketing());
    expect(p.header).toEqual({ kind: "IMAGE" });
    expect(p.body).toBe("Hi Ana, the sale on shoes ends soon. Come by!");
    expect(p.footer).toBe("Reply STOP to opt out");
    expect(p.buttons.map((b) => b.text)).toEqual(["Interested", "Not now", "Shop", "Call us"]);
    expect(p.buttons[2]?.detail).toBe("https://shop.example.com/s/a1");
  });
  it("leaves a variable without an example as written, and tolerates garbage", () => {
    expect(previewTemplate(positional([body("Hi {{1}}!")])).body).toBe("Hi {{1}}!");
    expect(previewTemplate(null).body).toBe("");
    expect(previewTemplate({ components: "x" }).buttons).toEqual([]);
  });
  it("draws carousel cards", () => {
    const p = previewTemplate(carousel([card({ text: "One" }), card({ text: "Two" })]));
    expect(p.cards.map((c) => c.body)).toEqual(["One", "Two"]);
  });
});
