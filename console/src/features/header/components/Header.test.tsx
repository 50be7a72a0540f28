import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Agent } from "../../../api/types";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { HEARTBEAT_MS } from "../hooks/usePresence";
import { Header } from "./Header";

const agent = (changes: Partial<Agent> = {}): Agent => ({
  agent_id: "ag_1", email: "an@shop.example", nickname: "An", role: "agent", accepting: true, online: false, capacity: 10, load: 0,
  groups: [], weight: 1, bound_pages: [], last_seen_at: null, ...changes,
});

describe("Header", () => {
  it("keeps the agent online: a heartbeat on open, every 60 s, and offline with keepalive when the page goes", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const network = fakeNetwork(api("GET", "/me", agent()), api("POST", "/me/presence", agent({ online: true })));
    renderAt("/", <Header />);
    expect(await screen.findByRole("status")).toHaveTextContent("Online");
    const beats = () => network.calls.filter((c) => c.url.endsWith("/me/presence"));
    expect(beats().map((c) => c.body)).toEqual([{ online: true }]);

    await act(() => vi.advanceTimersByTimeAsync(HEARTBEAT_MS));
    expect(beats().map((c) => c.body)).toEqual([{ online: true }, { online: true }]);

    window.dispatchEvent(new Event("pagehide"));
    await waitFor(() => expect(beats()).toHaveLength(3));
    expect(beats()[2]).toMatchObject({ body: { online: false }, keepalive: true });
  });

  it("shows an agent only the sections every member has; owners and supervisors see administration", async () => {
    fakeNetwork(api("GET", "/me", agent()), api("POST", "/me/presence", agent({ online: true })));
    const view = renderAt("/", <Header />);
    await screen.findByText("An");
    const names = () => screen.getAllByRole("link").map((link) => link.textContent);
    expect(names()).toEqual(["Inbox", "Reports"]);
    view.unmount();

    fakeNetwork(api("GET", "/me", agent({ role: "supervisor" })), api("POST", "/me/presence", agent({ role: "supervisor", online: true })));
    renderAt("/", <Header />);
    await waitFor(() => expect(names()).toEqual(["Inbox", "Reports", "Agents", "Channels", "Rules", "Tags", "Templates", "Settings"]));
  });

  it("turns accepting off through PUT /me/status and shows the server's answer", async () => {
    const network = fakeNetwork(
      api("GET", "/me", agent()),
      api("POST", "/me/presence", agent({ online: true })),
      api("PUT", "/me/status", agent({ accepting: false, online: true })),
    );
    renderAt("/", <Header />);
    const toggle = await screen.findByRole("switch", { name: "Accepting conversations" });
    await waitFor(() => expect(toggle).toBeChecked());
    await userEvent.click(toggle);
    expect(toggle).not.toBeChecked();
    await waitFor(() => expect(network.calls.some((c) => c.method === "PUT" && c.url.endsWith("/me/status"))).toBe(true));
    expect(network.calls.find((c) => c.method === "PUT")?.body).toEqual({ accepting: false });
    expect(toggle).not.toBeChecked();
  });

  it("reads Offline when the heartbeat fails", async () => {
    fakeNetwork(api("GET", "/me", agent()), api("POST", "/me/presence", { error: { code: "x", message: "down" } }, 503));
    renderAt("/", <Header />);
    expect(await screen.findByRole("status")).toHaveTextContent("Offline");
  });
});
