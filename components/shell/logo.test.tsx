// @vitest-environment happy-dom
import { readFileSync } from "node:fs";
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Logo } from "./logo";

afterEach(cleanup);

describe("Logo", () => {
  it("shows its icon and name once, styled by the caller's text classes", () => {
    const { container } = render(<Logo className="text-sm text-muted-foreground" />);
    expect(container.textContent).toBe("Switchboard");
    expect(container.querySelectorAll("svg")).toHaveLength(1);
    expect(container.firstElementChild?.className).toContain("text-muted-foreground");
  });

  it("is not given a box size or a second name on the hosted setup page", () => {
    const SetupPageSource = readFileSync("app/setup/[token]/page.tsx", "utf8");
    // A size-* class on the wrapper shrank it to the icon's box and its name overlapped a second copy.
    expect(SetupPageSource).not.toMatch(/<Logo className="[^"]*\bsize-/);
    expect(SetupPageSource).not.toMatch(/<span>Switchboard<\/span>/);
  });
});
