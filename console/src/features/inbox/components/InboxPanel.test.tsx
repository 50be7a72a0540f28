import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { conversation } from "../../../test/fixtures";
import { InboxPanel } from "./InboxPanel";

const page = {
  items: [
    conversation({ unread: true, unreplied: true, time_left_to_respond_seconds: 2 * 3600 + 5 * 60 }),
    conversation({ conversation_id: "cv_2", contact: { ...conversation().contact, name: "Minh" }, last_message_preview: "Thanks!", time_left_to_respond_seconds: -10 }),
  ],
  next_cursor: null,
  counts: { unread: 1, unreplied: 1, expiring: 0, flagged: 0 },
};
const counts = { connections: [{ connection_id: "cn_1", unread: 1, queued: 3 }], tickets: {}, mine: { unread: 1, unreplied: 1, expiring: 0, flagged: 0 } };

describe("InboxPanel", () => {
  it("lists conversations with name, preview, marks and time left, and links each to its URL", async () => {
    fakeNetwork(api("GET", "/conversations", page), api("GET", "/inbox/counts", counts));
    renderAt("/inbox/mine", <InboxPanel openId={undefined} />, "/inbox/:view");
    const list = await screen.findByRole("list", { name: "Conversations" });
    const [first, second] = await within(list).findAllByRole("listitem");
    expect(first).toHaveTextContent("Lan Nguyen");
    expect(first).toHaveTextContent("Is size M in stock?");
    expect(first).toHaveTextContent("Unread");
    expect(first).toHaveTextContent("Unreplied");
    expect(first).toHaveTextContent("2h 5m left");
    expect(second).toHaveTextContent("Overdue");
    expect(within(first as HTMLElement).getByRole("link")).toHaveAttribute("href", "/conversations/cv_1?view=mine");
    expect(screen.getByRole("button", { name: "Unread 1" })).toHaveAttribute("aria-pressed", "false");
    await waitFor(() => expect(screen.getByRole("link", { name: /Unassigned/ })).toHaveAccessibleName("Unassigned 3"));
  });

  it("asks the API for the filter, search and sort chosen, and keeps them in the URL", async () => {
    const network = fakeNetwork(api("GET", "/conversations", page), api("GET", "/inbox/counts", counts));
    const { router } = renderAt("/inbox/unassigned", <InboxPanel openId={undefined} />, "/inbox/:view");
    await userEvent.click(await screen.findByRole("button", { name: /Unreplied/ }));
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Sort" }), "Latest message");
    await userEvent.type(screen.getByRole("searchbox", { name: "Search" }), "lan");
    await waitFor(() => expect(router.state.location.search).toBe("?filter=unreplied&sort=latest&q=lan"));
    await waitFor(() => {
      const last = new URL(network.calls.filter((c) => c.url.includes("/conversations")).at(-1)?.url ?? "");
      expect(Object.fromEntries(last.searchParams)).toMatchObject({ view: "unassigned", filter: "unreplied", sort: "latest", q: "lan" });
    });
    expect(screen.getByRole("button", { name: /Unreplied/ })).toHaveAttribute("aria-pressed", "true");
  });

  it("moves to the next and previous conversation with J and K", async () => {
    fakeNetwork(api("GET", "/conversations", page), api("GET", "/inbox/counts", counts));
    const { router } = renderAt("/conversations/cv_1?view=mine", <InboxPanel openId="cv_1" />, "/conversations/:conversationId");
    await screen.findAllByRole("listitem");
    await userEvent.keyboard("j");
    expect(router.state.location.pathname).toBe("/conversations/cv_2");
    expect(screen.getByRole("link", { name: /Minh/ })).toHaveFocus();
  });

  it("shows each connection's unread and queued badges by name", async () => {
    fakeNetwork(
      api("GET", "/conversations", page),
      api("GET", "/inbox/counts", counts),
      api("GET", "/connections", { items: [{ connection_id: "cn_1", name: "Web chat" }] }),
    );
    renderAt("/inbox/mine", <InboxPanel openId={undefined} />, "/inbox/:view");
    const badges = await screen.findByRole("list", { name: "Connections" });
    await waitFor(() => expect(within(badges).getByRole("listitem")).toHaveTextContent("Web chat 1 unread · 3 queued"));
  });

  it("shows each store's unread and queued as links to its list, and asks the API for one store's list", async () => {
    const store = { connection_id: "cn_vn", marketplace: "wish", name: "Lan VN", market: "VN", unread: 2, queued: 1 };
    const inStore = { ...page, items: [conversation({ marketplace: "wish", store: { connection_id: "cn_vn", name: "Lan VN" }, market: "VN" })] };
    const network = fakeNetwork(api("GET", "/conversations", inStore), api("GET", "/inbox/counts", { ...counts, stores: [store] }));
    const { router } = renderAt("/inbox/mine", <InboxPanel openId={undefined} />, "/inbox/:view");
    const stores = await screen.findByRole("navigation", { name: "Stores" });
    expect(within(await screen.findByRole("list", { name: "Conversations" })).getByRole("listitem")).toHaveTextContent("Wish · Lan VN · Vietnam");
    expect(within(stores).getByRole("link", { name: "Lan VN · Vietnam: 2 unread" })).toHaveAttribute("href", "/inbox/all?filter=unread&connection_id=cn_vn");
    await userEvent.click(within(stores).getByRole("link", { name: "Lan VN · Vietnam: 1 queued" }));
    expect(router.state.location.search).toBe("?connection_id=cn_vn");
    await waitFor(() => {
      const last = new URL(network.calls.filter((c) => c.url.includes("/conversations")).at(-1)?.url ?? "");
      expect(last.searchParams.get("connection_id")).toBe("cn_vn");
    });
    await userEvent.click(within(stores).getByRole("button", { name: "All stores" }));
    expect(router.state.location.search).toBe("");
  });

  it("takes the open conversation with Enter when it waits for an agent, and focuses the one J moves to", async () => {
    const waiting = { ...page, items: page.items.map((c) => ({ ...c, assignee_id: null, status: "unassigned" as const })) };
    const network = fakeNetwork(
      api("GET", "/conversations", waiting),
      api("GET", "/inbox/counts", counts),
      api("POST", "/conversations/cv_1/claim", { ...waiting.items[0], assignee_id: "ag_1", status: "open" }),
    );
    renderAt("/conversations/cv_1?view=unassigned", <InboxPanel openId="cv_1" />, "/conversations/:conversationId");
    await screen.findAllByRole("listitem");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(network.calls.filter((c) => c.url.endsWith("/cv_1/claim"))).toHaveLength(1));
    // Typing in the search box is typing, not a shortcut
    await userEvent.type(screen.getByRole("searchbox", { name: "Search" }), "j{Enter}");
    expect(network.calls.filter((c) => c.url.endsWith("/claim"))).toHaveLength(1);
  });

  it("leaves Enter alone on a conversation someone already has", async () => {
    const network = fakeNetwork(api("GET", "/conversations", page), api("GET", "/inbox/counts", counts));
    renderAt("/conversations/cv_1?view=mine", <InboxPanel openId="cv_1" />, "/conversations/:conversationId");
    await screen.findAllByRole("listitem");
    await userEvent.keyboard("{Enter}");
    expect(network.calls.filter((c) => c.method === "POST")).toHaveLength(0);
  });
});
