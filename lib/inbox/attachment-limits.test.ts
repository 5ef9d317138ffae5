import { describe, expect, it } from "vitest";
import {
  ATTACHMENT_ACCEPT,
  checkAttachment,
  formatBytes,
  isAnimatedWebp,
  mediaSizeOf,
  normaliseMime,
} from "./attachment-limits";

const MB = 1024 * 1024;

describe("checkAttachment", () => {
  it.each([
    ["image/jpeg", 5 * MB, "image"],
    ["image/png", 1, "image"],
    ["video/mp4", 16 * MB, "video"],
    ["video/3gpp", 10, "video"],
    ["audio/ogg; codecs=opus", 16 * MB, "audio"],
    ["audio/mpeg", 3 * MB, "audio"],
    ["application/pdf", 100 * MB, "document"],
    ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 10, "document"],
    ["image/webp", 500 * 1024, "sticker"],
  ])("accepts %s of %d bytes as %s", (mime, size, type) => {
    expect(checkAttachment({ mime, size })).toMatchObject({ ok: true, type });
  });

  it.each([
    ["image/jpeg", 5 * MB + 1, /Images can be at most 5 MB/],
    ["video/mp4", 16 * MB + 1, /Videos can be at most 16 MB/],
    ["audio/aac", 17 * MB, /Audio can be at most 16 MB/],
    ["application/pdf", 100 * MB + 1, /Documents can be at most 100 MB/],
    ["image/webp", 500 * 1024 + 1, /Stickers can be at most 500 KB/],
  ])("refuses %s over the limit", (mime, size, message) => {
    const r = checkAttachment({ mime, size });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe("too_large");
      expect(r.message).toMatch(message);
    }
  });

  it("holds static stickers to 100 KB once the server knows the file is not animated", () => {
    expect(checkAttachment({ mime: "image/webp", size: 200 * 1024, animated: true }).ok).toBe(true);
    const r = checkAttachment({ mime: "image/webp", size: 200 * 1024, animated: false });
    expect(r).toMatchObject({ ok: false, reason: "too_large" });
  });

  it("refuses unsupported and empty files with a reason", () => {
    expect(checkAttachment({ mime: "image/gif", size: 10 })).toMatchObject({
      ok: false,
      reason: "unsupported",
    });
    expect(checkAttachment({ mime: "application/zip", size: 10 })).toMatchObject({
      ok: false,
      reason: "unsupported",
    });
    expect(checkAttachment({ mime: "image/png", size: 0 })).toMatchObject({ ok: false, reason: "empty" });
  });

  it("guesses a missing type from the file name", () => {
    expect(normaliseMime("", "Report.PDF")).toBe("application/pdf");
    expect(normaliseMime("application/octet-stream", "voice.opus")).toBe("audio/ogg");
    expect(normaliseMime("image/JPG", "x")).toBe("image/jpeg");
    expect(checkAttachment({ mime: "", size: 10, filename: "slides.pptx" })).toMatchObject({
      ok: true,
      type: "document",
    });
  });

  it.each([
    ["audio/x-m4a", "audio/mp4"],
    ["audio/m4a", "audio/mp4"],
    ["audio/mp3", "audio/mpeg"],
    ["audio/x-aac", "audio/aac"],
    ["audio/opus", "audio/ogg"],
    ["video/x-m4v", "video/mp4"],
    ["image/pjpeg", "image/jpeg"],
  ])("accepts the alias %s that browsers report, as %s", (alias, meta) => {
    expect(checkAttachment({ mime: alias, size: 10, filename: "x" })).toMatchObject({ ok: true, mime: meta });
  });

  it("lists every type and extension for the file picker", () => {
    expect(ATTACHMENT_ACCEPT.split(",")).toEqual(
      expect.arrayContaining(["image/jpeg", ".pdf", "image/webp"]),
    );
  });
});

describe("helpers", () => {
  it("reads a media HEAD answer's size from X-Media-Size, then Content-Length", () => {
    const head = (ok: boolean, h: Record<string, string>) => ({ ok, headers: new Headers(h) });
    expect(mediaSizeOf(head(true, { "X-Media-Size": "2048" }))).toBe(2048);
    expect(mediaSizeOf(head(true, { "Content-Length": "99" }))).toBe(99);
    // What Next's server answered to HEAD: no Content-Length at all (Number(null) is 0, not missing).
    expect(mediaSizeOf(head(true, {}))).toBeNull();
    expect(mediaSizeOf(head(false, { "X-Media-Size": "2048" }))).toBeNull();
  });

  it("formats sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(100 * 1024)).toBe("100 KB");
    expect(formatBytes(5 * MB)).toBe("5 MB");
    expect(formatBytes(1.25 * MB)).toBe("1.3 MB");
  });

  it("detects animated WebP", () => {
    const webp = (flags: number) => {
      const b = new Uint8Array(30);
      b.set(new TextEncoder().encode("RIFF"), 0);
      b.set(new TextEncoder().encode("WEBPVP8X"), 8);
      b[20] = flags;
      return b;
    };
    expect(isAnimatedWebp(webp(0x02))).toBe(true);
    expect(isAnimatedWebp(webp(0x10))).toBe(false);
    expect(isAnimatedWebp(new Uint8Array(4))).toBe(false);
  });
});
