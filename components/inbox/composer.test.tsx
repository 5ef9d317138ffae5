// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConversationListItem } from "@/lib/conversations/data";
import { Composer } from "./composer";
import { InboxApiProvider } from "./inbox-api";

function conversation(over: Partial<ConversationListItem> = {}): ConversationListItem {
  return {
    id: "c1",
    status: "ACTIVE",
    contactName: "Ana",
    contactNumber: "14155550000",
    windowClosesAt: new Date(Date.now() + 3_600_000).toISOString(),
    ...over,
  } as ConversationListItem;
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

const fetchMock = vi.fn();
beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(cleanup);

function type(text: string) {
  const box = screen.getByLabelText("Reply");
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: "Enter" });
}

describe("Composer", () => {
  it("says a closed conversation is closed and offers Reopen instead of the reply box", () => {
    const onReopen = vi.fn();
    render(
      wrap(
        <Composer
          conversation={conversation({ status: "ENDED" })}
          replyTo={null}
          clearReply={() => {}}
          onSent={() => {}}
          isShown={() => false}
          onReopen={onReopen}
        />,
      ),
    );
    expect(screen.getByTestId("conversation-closed").textContent).toContain("This conversation is closed.");
    expect(screen.queryByLabelText("Reply")).toBeNull();
    expect(screen.queryByTestId("window-state")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Reopen" }));
    expect(onReopen).toHaveBeenCalledOnce();
  });

  it("keeps a message written while the server is unreachable and sends it when the connection is back", async () => {
    const onSent = vi.fn();
    render(
      wrap(
        <Composer
          conversation={conversation()}
          replyTo={null}
          clearReply={() => {}}
          onSent={onSent}
          isShown={(id) => id === "m1"}
          onReopen={() => {}}
        />,
      ),
    );
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await act(async () => type("Are you still there?"));
    const row = await screen.findByTestId("outgoing");
    expect(row.dataset.state).toBe("waiting");
    expect(row.textContent).toContain("Are you still there?");
    expect(row.textContent).toContain("Connection lost");
    expect(row.textContent).not.toContain("Failed to fetch");

    fetchMock.mockResolvedValueOnce(Response.json({ messageId: "m1" }, { status: 201 }));
    await act(async () => {
      window.dispatchEvent(new Event("online"));
    });
    expect(screen.queryByTestId("outgoing")).toBeNull();
    expect(onSent).toHaveBeenCalledOnce();
    expect(JSON.parse(String(fetchMock.mock.calls[1]?.[1]?.body))).toMatchObject({
      text: "Are you still there?",
    });
  });

  it("offers Edit rather than Retry when the server refused the message", async () => {
    render(
      wrap(
        <Composer
          conversation={conversation()}
          replyTo={null}
          clearReply={() => {}}
          onSent={() => {}}
          isShown={() => false}
          onReopen={() => {}}
        />,
      ),
    );
    fetchMock.mockResolvedValueOnce(
      Response.json({ error: "The 24-hour window is closed: send a template." }, { status: 422 }),
    );
    await act(async () => type("hello"));
    const row = await screen.findByTestId("outgoing");
    expect(row.dataset.state).toBe("failed");
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Edit" }));
    expect((screen.getByLabelText("Reply") as HTMLTextAreaElement).value).toBe("hello");
  });
});
