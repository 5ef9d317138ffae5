import { describe, expect, it } from "vitest";
import { explainFailure, linkify, mediaFields, osmUrl, safeHref } from "./message-format";

describe("linkify", () => {
  it("finds http(s) and www links and leaves punctuation outside", () => {
    expect(linkify("See https://example.com/a?b=1, or www.shop.test/x. Thanks")).toEqual([
      { text: "See " },
      { text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { text: ", or " },
      { text: "www.shop.test/x", href: "https://www.shop.test/x" },
      { text: ". Thanks" },
    ]);
  });

  it("keeps balanced parentheses and plain text untouched", () => {
    expect(linkify("(https://en.wikipedia.org/wiki/Foo_(bar))")).toEqual([
      { text: "(" },
      { text: "https://en.wikipedia.org/wiki/Foo_(bar)", href: "https://en.wikipedia.org/wiki/Foo_(bar)" },
      { text: ")" },
    ]);
    expect(linkify("no links\nhere")).toEqual([{ text: "no links\nhere" }]);
    expect(linkify("")).toEqual([]);
  });
});

describe("media and links", () => {
  it("reads media fields from inbound and outbound shapes", () => {
    expect(
      mediaFields("document", {
        document: { id: "9001", mime_type: "application/pdf", filename: "a.pdf", caption: "Invoice" },
      }),
    ).toMatchObject({ id: "9001", mimeType: "application/pdf", filename: "a.pdf", caption: "Invoice" });
    expect(mediaFields("audio", { audio: { id: "1", voice: true } })?.voice).toBe(true);
    expect(mediaFields("text", { text: { body: "x" } })).toBeNull();
  });

  it("only lets http(s) URLs through", () => {
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("https://x.test")).toBe("https://x.test");
    expect(osmUrl(52.5, 13.4)).toBe("https://www.openstreetmap.org/?mlat=52.5&mlon=13.4#map=16/52.5/13.4");
  });
});

describe("explainFailure", () => {
  it("offers only what can work: a template outside the window, Retry for temporary errors, nothing otherwise", () => {
    expect(explainFailure({ code: 131047 }).remedy).toBe("template");
    expect(explainFailure({ code: 132015 }).remedy).toBe("template");
    expect(explainFailure({ code: 131000 }).remedy).toBe("retry");
    expect(explainFailure({ code: 130429 }).remedy).toBe("retry");
    expect(explainFailure({ message: "timeout" }).remedy).toBe("retry");
    expect(explainFailure({ code: 131026 }).remedy).toBe("none");
    expect(explainFailure({ code: 131051 }).remedy).toBe("none");
    expect(explainFailure({ code: 131009 }).remedy).toBe("none");
  });

  it("explains Meta's status errors with what to do", () => {
    const f = explainFailure({
      code: 131047,
      title: "Re-engagement message",
      error_data: { details: "Message failed to send because more than 24 hours have passed" },
    });
    expect(f).toEqual({
      code: 131047,
      reason: "Re-engagement message",
      action: "Outside the 24-hour window: send a template.",
      remedy: "template",
    });
    expect(explainFailure({ code: 131026, title: "Message undeliverable" }).action).toMatch(/blocked/);
  });

  it("falls back to the Graph error explanation and copes with missing errors", () => {
    expect(explainFailure({ code: 190, title: "Token expired" }).action).toMatch(/access token/);
    expect(explainFailure(null)).toMatchObject({ code: null, reason: "Not delivered" });
    expect(explainFailure({ code: "131056", message: "pair rate" }).code).toBe(131056);
  });
});
