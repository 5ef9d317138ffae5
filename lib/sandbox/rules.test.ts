import { describe, expect, it } from "vitest";
import { SandboxGraphError } from "./graph-error";
import { validateUpload } from "./rules";

const fails = (f: () => void) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SandboxGraphError);
    return (e as SandboxGraphError).details;
  }
  throw new Error("expected a Graph error");
};

describe("uploads", () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it("takes Meta's media types", () => {
    validateUpload({ type: "image/jpeg", size: 1000, name: "a.jpg" }, bytes(0xff, 0xd8, 0xff));
    validateUpload({ type: "audio/ogg; codecs=opus", size: 1000 }, bytes(0x4f, 0x67, 0x67, 0x53));
    validateUpload({ type: "application/pdf", size: 1000, name: "q.pdf" }, bytes(0x25, 0x50));
  });
  it("refuses programs, scripts and types Meta does not take", () => {
    expect(
      fails(() => validateUpload({ type: "application/x-msdownload", size: 10 }, bytes(0x4d, 0x5a))),
    ).toContain("Unsupported");
    expect(fails(() => validateUpload({ type: "application/pdf", size: 10 }, bytes(0x4d, 0x5a)))).toContain(
      "Executable",
    );
    expect(
      fails(() => validateUpload({ type: "text/plain", size: 10 }, bytes(0x7f, 0x45, 0x4c, 0x46))),
    ).toContain("Executable");
    expect(
      fails(() => validateUpload({ type: "text/plain", size: 10, name: "run.sh" }, bytes(0x65))),
    ).toContain("Executable");
    expect(fails(() => validateUpload({ type: "image/svg+xml", size: 10 }, bytes(0x3c)))).toContain(
      "Unsupported",
    );
    expect(fails(() => validateUpload({ type: "image/png", size: 6 * 1024 * 1024 }, bytes(0x89)))).toContain(
      "at most",
    );
  });
});
