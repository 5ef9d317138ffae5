import { describe, expect, it } from "vitest";
import { slugify } from "./slug";

describe("slugify", () => {
  it("makes lowercase dash-separated ASCII", () => {
    expect(slugify("Acme Support — EU")).toBe("acme-support-eu");
    expect(slugify("Café Ñandú")).toBe("cafe-nandu");
  });
  it("pads names too short or without letters", () => {
    expect(slugify("A")).toBe("project-a");
    expect(slugify("!!!")).toBe("project-x");
  });
  it("caps the length without a trailing dash", () => {
    const s = slugify("a very long project name that keeps going and going forever");
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s.endsWith("-")).toBe(false);
  });
});
