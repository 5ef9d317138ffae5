// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ThreadMessage } from "@/lib/conversations/data";
import { InboxApiProvider } from "./inbox-api";
import { MessageList } from "./message-list";

let seq = 0;
function msg(type: string, content: Record<string, unknown>, p: Partial<ThreadMessage> = {}): ThreadMessage {
  seq++;
  return {
    id: `m${seq}`,
    wamid: `wamid.${seq}`,
    direction: "INBOUND",
    type,
    content: { type, ...content },
    status: "RECEIVED",
    error: null,
    origin: "CUSTOMER",
    sentAt: new Date(Date.now() - (100 - seq) * 60_000).toISOString(),
    ...p,
  };
}

function wrap(children: ReactNode) {
  return (
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <InboxApiProvider base="/api/embed/tok" cacheKey="e1" meId={null} embedded>
        {children}
      </InboxApiProvider>
    </QueryClientProvider>
  );
}

beforeAll(() => {
  Element.prototype.scrollIntoView = vi.fn();
  Element.prototype.scrollTo = vi.fn() as unknown as typeof Element.prototype.scrollTo;
  // The document card asks the media endpoint for its size.
  vi.stubGlobal(
    "fetch",
    vi.fn(async () => new Response(null, { headers: { "content-length": "2048" } })),
  );
});
afterEach(cleanup);

const noop = () => {};

describe("MessageList", () => {
  const outbound = msg(
    "interactive",
    {
      interactive: {
        type: "button",
        body: { text: "Pick one" },
        action: { buttons: [{ type: "reply", reply: { id: "y", title: "Yes" } }] },
      },
    },
    { direction: "OUTBOUND", status: "READ", origin: "OPERATOR" },
  );
  const choice = msg("interactive", {
    interactive: { type: "button_reply", button_reply: { id: "y", title: "Yes" } },
    context: { id: outbound.wamid },
  });
  const text = msg("text", { text: { body: "See https://example.com/x\nsecond line" } });
  const image = msg("image", { image: { id: "9001", mime_type: "image/jpeg", caption: "my cat" } });
  const doc = msg("document", {
    document: { id: "9002", mime_type: "application/pdf", filename: "invoice.pdf" },
  });
  const location = msg("location", {
    location: { latitude: 52.52, longitude: 13.405, name: "Office", address: "Main St 1" },
  });
  const contacts = msg("contacts", {
    contacts: [
      {
        name: { formatted_name: "Dana Diaz" },
        phones: [{ phone: "+1 555 0100", wa_id: "15550100", type: "CELL" }],
      },
    ],
  });
  const reaction = msg("reaction", { reaction: { message_id: outbound.wamid, emoji: "❤️" } });
  const referral = msg("text", {
    text: { body: "Is this on sale?" },
    referral: { source_type: "ad", headline: "Spring sale", source_url: "https://fb.me/ad" },
  });
  const failed = msg(
    "text",
    { text: { body: "hello?" } },
    {
      direction: "OUTBOUND",
      status: "FAILED",
      origin: "OPERATOR",
      error: { code: 131047, title: "Re-engagement message" },
    },
  );
  const template = msg(
    "template",
    {
      template: {
        name: "order_update",
        language: { code: "en" },
        components: [{ type: "body", parameters: [{ type: "text", text: "#42" }] }],
      },
    },
    { direction: "OUTBOUND", status: "DELIVERED", origin: "OPERATOR" },
  );
  const all = [outbound, choice, text, image, doc, location, contacts, reaction, referral, failed, template];

  it("renders every type with the bubble attributes, links, media URLs and explanations", async () => {
    render(
      wrap(
        <MessageList
          messages={all}
          unreadCount={0}
          hasOlder={false}
          loadOlder={noop}
          loadingOlder={false}
          onReply={noop}
          onReact={noop}
        />,
      ),
    );
    const rows = screen.getAllByTestId("thread-message");
    // The reaction is folded onto its target, not drawn as a message.
    expect(rows).toHaveLength(all.length - 1);
    expect(rows.map((r) => r.dataset.type)).not.toContain("reaction");
    const first = rows[0];
    expect(first?.id).toBe(`msg-${outbound.id}`);
    expect(first?.dataset.status).toBe("READ");
    expect(within(first as HTMLElement).getByTestId("reactions").textContent).toBe("❤️");

    expect(screen.getByText("Chose:")).toBeTruthy();
    expect(screen.getByRole("link", { name: "https://example.com/x" }).getAttribute("href")).toBe(
      "https://example.com/x",
    );
    expect((screen.getByAltText("my cat") as HTMLImageElement).getAttribute("src")).toBe(
      "/api/embed/tok/media/9001",
    );
    expect(screen.getByText("invoice.pdf")).toBeTruthy();
    expect(await screen.findByText(/PDF · 2 KB/)).toBeTruthy();
    expect(screen.getByRole("link", { name: /Open in map/ }).getAttribute("href")).toContain(
      "mlat=52.52&mlon=13.405",
    );
    expect(screen.getByTestId("contact-card").textContent).toContain("Dana Diaz");
    expect(screen.getByText("Spring sale")).toBeTruthy();
    expect(screen.getByTestId("failure").textContent).toContain(
      "Outside the 24-hour window: send a template.",
    );
    expect(screen.getByTestId("template-message").textContent).toContain("#42");
    expect(screen.getByText("Start of the conversation")).toBeTruthy();
  });

  it("shows the unread marker before the first unread message and jumps to quoted messages", () => {
    render(
      wrap(
        <MessageList
          messages={[outbound, choice, text]}
          unreadCount={2}
          hasOlder
          loadOlder={noop}
          loadingOlder={false}
          onReply={noop}
        />,
      ),
    );
    const marker = screen.getByTestId("unread-marker");
    expect(marker.textContent).toContain("Unread messages");
    expect((marker.nextElementSibling as HTMLElement | null)?.id).toBe(`msg-${choice.id}`);
    expect(screen.getByRole("button", { name: "Load older messages" })).toBeTruthy();
    const quote = screen.getByTestId("reply-quote");
    expect(quote.textContent).toContain("You");
    act(() => fireEvent.click(quote));
    expect(Element.prototype.scrollIntoView).toHaveBeenCalled();
  });

  it("offers a template, not Retry, for a message refused outside the window; Retry for a temporary error", () => {
    const temporary = msg(
      "text",
      { text: { body: "try again" } },
      { direction: "OUTBOUND", status: "FAILED", origin: "OPERATOR", error: { code: 131000 } },
    );
    const onRetry = vi.fn();
    render(
      wrap(
        <MessageList
          messages={[failed, temporary]}
          unreadCount={0}
          hasOlder={false}
          loadOlder={noop}
          loadingOlder={false}
          onRetry={onRetry}
        />,
      ),
    );
    const [outside, later] = screen.getAllByTestId("failure") as [HTMLElement, HTMLElement];
    expect(within(outside).queryByRole("button", { name: "Retry" })).toBeNull();
    const commands: string[] = [];
    const listen = (e: Event) => commands.push((e as CustomEvent<string>).detail);
    window.addEventListener("inbox:command", listen);
    fireEvent.click(within(outside).getByRole("button", { name: "Send a template" }));
    window.removeEventListener("inbox:command", listen);
    expect(commands).toEqual(["template"]);
    fireEvent.click(within(later).getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledWith(temporary);
  });

  it("removes the unread divider once the operator has answered", () => {
    const props = {
      unreadCount: 1,
      hasOlder: false,
      loadOlder: noop,
      loadingOlder: false,
    };
    const { rerender } = render(wrap(<MessageList messages={[outbound, text]} {...props} />));
    expect(screen.getByTestId("unread-marker")).toBeTruthy();
    const answer = msg("text", { text: { body: "On it" } }, { direction: "OUTBOUND", status: "SENT" });
    rerender(wrap(<MessageList messages={[outbound, text, answer]} {...props} />));
    expect(screen.queryByTestId("unread-marker")).toBeNull();
  });

  it("draws a sticker on its own, without a bubble behind it", () => {
    const sticker = msg("sticker", { sticker: { id: "9100", mime_type: "image/webp" } });
    render(
      wrap(
        <MessageList
          messages={[sticker]}
          unreadCount={0}
          hasOlder={false}
          loadOlder={noop}
          loadingOlder={false}
        />,
      ),
    );
    const bubble = screen.getByTestId("thread-message").firstElementChild as HTMLElement;
    expect(bubble.className).toContain("bg-transparent");
    expect(bubble.className).not.toContain("bg-card");
  });

  it("renders a template with its definition and the parameters it was sent with", () => {
    render(
      wrap(
        <MessageList
          messages={[template]}
          unreadCount={0}
          hasOlder={false}
          loadOlder={noop}
          loadingOlder={false}
          templates={[
            {
              name: "order_update",
              language: "en",
              components: [
                { type: "BODY", text: "Your order {{1}} has shipped." },
                { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Track it" }] },
              ],
            },
          ]}
        />,
      ),
    );
    const t = screen.getByTestId("template-message");
    expect(t.textContent).toContain("Your order #42 has shipped.");
    expect(t.textContent).toContain("Track it");
  });
});
