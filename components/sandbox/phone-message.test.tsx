// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PhoneBubble } from "./phone-message";
import type { PhoneMessage } from "./types";

afterEach(cleanup);

const message = (type: string, body: Record<string, unknown>): PhoneMessage => ({
  wamid: `wamid.${type}`,
  direction: "TO_CUSTOMER",
  type,
  payload: { type, [type]: body },
  status: "delivered",
  createdAt: new Date().toISOString(),
});

function bubble(m: PhoneMessage, onReact = vi.fn()) {
  render(
    <PhoneBubble
      m={m}
      numberId="num_1"
      reactions={[]}
      templates={[]}
      onAction={() => {}}
      onReply={() => {}}
      onReact={onReact}
    />,
  );
  return onReact;
}

describe("PhoneBubble", () => {
  it("shows the business's photo as a picture with its caption, not as text", () => {
    bubble(message("image", { id: "1234567890", caption: "Your receipt" }));
    const img = screen.getByAltText("Your receipt") as HTMLImageElement;
    expect(img.getAttribute("src")).toBe("/api/sandbox/phone/media?numberId=num_1&mediaId=1234567890");
    expect(screen.getByText("Your receipt").tagName).toBe("P");
  });

  it("shows a document as a card to open and audio as a player", () => {
    bubble(message("document", { id: "555", filename: "invoice.pdf" }));
    expect(screen.getByRole("link", { name: /invoice\.pdf/ }).getAttribute("href")).toContain("mediaId=555");
    cleanup();
    bubble(message("audio", { id: "777" }));
    expect(document.querySelector("audio")?.getAttribute("src")).toContain("mediaId=777");
  });

  it("closes the reaction bar once an emoji is picked, and on Escape", () => {
    const onReact = bubble(message("text", { body: "hello" }));
    fireEvent.click(screen.getByRole("button", { name: "React" }));
    fireEvent.click(screen.getByRole("menuitem", { name: "React 👍" }));
    expect(onReact).toHaveBeenCalledOnce();
    expect(screen.queryByTestId("phone-reactions")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "React" }));
    expect(screen.getByTestId("phone-reactions")).toBeTruthy();
    act(() => {
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    });
    expect(screen.queryByTestId("phone-reactions")).toBeNull();
  });
});
