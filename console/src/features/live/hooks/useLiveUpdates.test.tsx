import { QueryClient } from "@tanstack/react-query";
import { act, render } from "@testing-library/react";
import { RouterProvider, createMemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Providers } from "../../../app/Providers";
import { config } from "../../../test/render";
import { session } from "../../auth/session";
import { LiveUpdates } from "../components/LiveUpdates";
import { reconnectDelay, staleKeys } from "../api/events";

/** A WebSocket the test opens, feeds and closes. */
class FakeSocket {
  static opened: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.opened.push(this);
  }
  close() {
    this.closed = true;
  }
  serverOpens() {
    act(() => this.onopen?.());
  }
  serverSends(event: unknown) {
    act(() => this.onmessage?.({ data: JSON.stringify(event) }));
  }
  serverCloses() {
    act(() => this.onclose?.());
  }
}

function renderLive(websocketUrl: string | null) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: "*", element: <LiveUpdates /> }]);
  render(
    <Providers config={{ ...config, websocket_url: websocketUrl }} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return queryClient;
}

function nth(index: number): FakeSocket {
  const socket = FakeSocket.opened[index];
  if (!socket) throw new Error(`socket ${index} was never opened`);
  return socket;
}

const stale = (queryClient: QueryClient, key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;

describe("live updates", () => {
  beforeEach(() => {
    FakeSocket.opened = [];
    vi.stubGlobal("WebSocket", FakeSocket);
    session.set({ idToken: "id token", refreshToken: "r", expiresAt: Date.now() + 3600_000 });
  });
  afterEach(() => {
    act(() => session.clear());
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("opens websocket_url with the session's token and reads again what each event names", () => {
    // Given a signed-in console whose queries hold a conversation, its messages, the lists and the badges
    const queryClient = renderLive("ws://api.test/live");
    for (const key of [["conversation", "cv-1"], ["conversation", "cv-1", "messages"], ["conversation", "cv-2", "messages"],
      ["conversations", "list", { view: "mine" }], ["inbox-counts"]]) {
      queryClient.setQueryData(key, {});
    }
    // Then the socket is opened with the token
    const socket = nth(0);
    expect(socket.url).toBe("ws://api.test/live?token=id%20token");
    socket.serverOpens();
    // When a message arrives in cv-1
    socket.serverSends({ type: "message.created", conversation_id: "cv-1", data: { message_id: "m-1" } });
    // Then cv-1, its messages and the lists are stale, and nothing else
    expect(stale(queryClient, ["conversation", "cv-1", "messages"])).toBe(true);
    expect(stale(queryClient, ["conversation", "cv-1"])).toBe(true);
    expect(stale(queryClient, ["conversations", "list", { view: "mine" }])).toBe(true);
    expect(stale(queryClient, ["conversation", "cv-2", "messages"])).toBe(false);
    expect(stale(queryClient, ["inbox-counts"])).toBe(false);
    // and the badges once they change
    socket.serverSends({ type: "counts.changed", conversation_id: null, data: {} });
    expect(stale(queryClient, ["inbox-counts"])).toBe(true);
  });

  it("applies an event sent again with the same id once", () => {
    // Given an open socket that has applied the event "e-1"
    const queryClient = renderLive("ws://api.test/live");
    const socket = nth(0);
    socket.serverOpens();
    queryClient.setQueryData(["conversation", "cv-1"], {});
    const event = { id: "e-1", type: "conversation.updated", conversation_id: "cv-1", data: {} };
    socket.serverSends(event);
    expect(stale(queryClient, ["conversation", "cv-1"])).toBe(true);
    queryClient.setQueryData(["conversation", "cv-1"], {}); // read again: fresh
    // When the server sends it again (a retried batch)
    socket.serverSends(event);
    // Then nothing is read again
    expect(stale(queryClient, ["conversation", "cv-1"])).toBe(false);
    // while the next event, with its own id, is applied
    socket.serverSends({ ...event, id: "e-2" });
    expect(stale(queryClient, ["conversation", "cv-1"])).toBe(true);
  });

  it("opens the socket again after it drops, later each time, and then reads everything again", () => {
    vi.useFakeTimers();
    const queryClient = renderLive("ws://api.test/live");
    const first = nth(0);
    first.serverOpens();
    queryClient.setQueryData(["conversation", "cv-9"], {});
    // When the socket drops
    first.serverCloses();
    // Then a new one is opened after the backoff, not before
    act(() => vi.advanceTimersByTime(499));
    expect(FakeSocket.opened).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1000));
    expect(FakeSocket.opened).toHaveLength(2);
    // and once open, what was missed meanwhile is read again from the API
    nth(1).serverOpens();
    expect(stale(queryClient, ["conversation", "cv-9"])).toBe(true);
  });

  it("opens no socket when the stack has none (the polls go on as they are)", () => {
    renderLive(null);
    expect(FakeSocket.opened).toHaveLength(0);
  });

  it("names the queries of each kind of event, and backs off up to 30 s", () => {
    expect(staleKeys({ id: null, type: "agent.updated", conversation_id: null, data: {} })).toEqual([["agents"], ["me"]]);
    expect(staleKeys({ id: null, type: "conversation.created", conversation_id: "cv-1", data: {} })).toEqual([
      ["conversations"], ["inbox-counts"], ["conversation", "cv-1"],
    ]);
    expect(staleKeys({ id: null, type: "something.new", conversation_id: "cv-1", data: {} })).toEqual([]);
    expect(reconnectDelay(0, () => 0)).toBe(500);
    expect(reconnectDelay(3, () => 1)).toBe(8000);
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
  });
});
