import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import type { Connection } from "../api/types";
import { ChannelsPage } from "./ChannelsPage";

const connection = (changes: Partial<Connection> = {}): Connection => ({
  connection_id: "cn_1", channel: "zalo", name: "Lan OA", external_id: "oa-1", mode: "shared", rule_id: null, status: "connected",
  connected_by: "ag_owner", connected_at: "2026-11-22T10:00:00Z", webhook_path: "/webhooks/zalo",
  settings: { human_agent_tag: false, free_replies: 8, consultation_messages: false }, ...changes,
});
const team = { items: [{ agent_id: "ag_owner", email: "o@shop.example", nickname: "Boss", role: "owner", accepting: true, online: true, capacity: 5, load: 0, groups: [], weight: 1, bound_pages: [], last_seen_at: null }] };
const rules = { items: [{ rule_id: "ru_1", name: "Sales", sources: [], members: [], method: "round_robin", existing_conversations: "none", created_at: "2026-11-22T10:00:00Z" }] };

describe("ChannelsPage", () => {
  it("lists each connection with status, who connected it and its webhook URL (under the stack's webhook URL)", async () => {
    fakeNetwork(api("GET", "/me", team.items[0]), api("GET", "/connections", { items: [connection(), connection({ connection_id: "cn_2", name: "Old page", channel: "messenger", status: "disconnected", webhook_path: "/webhooks/messenger" }), connection({ connection_id: "cn_3", name: "Lan VN", channel: "wish", market: "VN", webhook_path: "/webhooks/wish/cn_3" })] }), api("GET", "/agents", team));
    renderAt("/channels", <ChannelsPage />);
    const row = within(await screen.findByRole("row", { name: /Lan OA/ }));
    expect(row.getByRole("cell", { name: "Connected" })).toBeInTheDocument();
    expect(await row.findByRole("cell", { name: "Boss" })).toBeInTheDocument();
    expect(row.getByRole("cell", { name: "https://hooks.test/webhooks/zalo" })).toBeInTheDocument();
    expect(within(screen.getByRole("row", { name: /Lan VN/ })).getByRole("cell", { name: "Wish · Vietnam" })).toBeInTheDocument();
    const old = within(screen.getByRole("row", { name: /Old page/ }));
    expect(old.getByRole("cell", { name: "Disconnected" })).toBeInTheDocument();
    expect(old.queryByRole("button", { name: "Disconnect Old page" })).not.toBeInTheDocument();
  });

  it("says when Messenger blocks or warns a page, with Meta's reason, and nothing once it unblocks", async () => {
    const enforcement = (action: "block" | "warning" | "unblock", reason: string | null) => ({ action, reason, at: "2026-11-22T11:00:00Z" });
    const page = (id: string, name: string, action: "block" | "warning" | "unblock", reason: string | null) =>
      connection({ connection_id: id, name, channel: "messenger", external_id: id, webhook_path: "/webhooks/messenger", enforcement: enforcement(action, reason) });
    fakeNetwork(api("GET", "/me", team.items[0]), api("GET", "/agents", team), api("GET", "/connections", { items: [
      page("p1", "Blocked page", "block", "Spammy messages."), page("p2", "Warned page", "warning", "Tag abuse."), page("p3", "Unblocked page", "unblock", null)] }));
    renderAt("/channels", <ChannelsPage />);
    const blocked = within(await screen.findByRole("row", { name: /Blocked page/ }));
    expect(blocked.getByRole("cell", { name: "Connected Blocked by Messenger: replies cannot be sent. Spammy messages." })).toBeInTheDocument();
    expect(within(screen.getByRole("row", { name: /Warned page/ })).getByRole("cell", { name: "Connected Warned by Messenger: Tag abuse." })).toBeInTheDocument();
    expect(within(screen.getByRole("row", { name: /Unblocked page/ })).getByRole("cell", { name: "Connected" })).toBeInTheDocument();
  });

  it("says when our app is the page's secondary receiver", async () => {
    const page = connection({ connection_id: "p1", name: "Shared page", channel: "messenger", external_id: "p1", webhook_path: "/webhooks/messenger", app_role: "secondary_receiver" });
    fakeNetwork(api("GET", "/me", team.items[0]), api("GET", "/agents", team), api("GET", "/connections", { items: [page] }));
    renderAt("/channels", <ChannelsPage />);
    const row = within(await screen.findByRole("row", { name: /Shared page/ }));
    expect(row.getByRole("cell", { name: /Secondary receiver: replies wait until the primary app passes the thread/ })).toBeInTheDocument();
  });

  it("connects a Zalo account with its three credentials, only for me, in an existing rule", async () => {
    const network = fakeNetwork(api("GET", "/me", team.items[0]), api("GET", "/connections", { items: [] }), api("GET", "/agents", team), api("GET", "/rules", rules), api("POST", "/connections", connection(), 201));
    renderAt("/channels", <ChannelsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Connect channel" }));
    const form = within(screen.getByRole("form", { name: "Connect channel" }));
    await userEvent.selectOptions(form.getByRole("combobox", { name: "Channel" }), "Zalo");
    await userEvent.type(form.getByRole("textbox", { name: "Name" }), "Lan OA");
    await userEvent.type(form.getByRole("textbox", { name: "Account id" }), "oa-1");
    await userEvent.type(form.getByRole("textbox", { name: "App id" }), "app-1");
    await userEvent.type(form.getByLabelText("OA secret key"), "s3cret");
    await userEvent.type(form.getByLabelText("Access token"), "tok");
    await userEvent.click(form.getByRole("radio", { name: "Only me" }));
    await userEvent.selectOptions(await form.findByRole("combobox", { name: "Rule" }), "Sales");
    await userEvent.click(form.getByRole("button", { name: "Connect" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Connect channel" })).not.toBeInTheDocument());
    expect(network.calls.find((c) => c.method === "POST")?.body).toEqual({
      channel: "zalo", name: "Lan OA", external_id: "oa-1", mode: "only_me", rule_id: "ru_1",
      credentials: { app_id: "app-1", oa_secret_key: "s3cret", access_token: "tok" },
    });
  });

  it("a web chat asks for its signing secret only", async () => {
    fakeNetwork(api("GET", "/me", team.items[0]), api("GET", "/connections", { items: [] }), api("GET", "/agents", team), api("GET", "/rules", rules));
    renderAt("/channels", <ChannelsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Connect channel" }));
    const form = within(screen.getByRole("form", { name: "Connect channel" }));
    await userEvent.selectOptions(form.getByRole("combobox", { name: "Channel" }), "Web chat");
    expect(form.getByLabelText("Signing secret")).toBeInTheDocument();
    expect(form.queryByLabelText("App id")).not.toBeInTheDocument();
  });

  it("a marketplace store asks for its market, a chat does not", async () => {
    const network = fakeNetwork(api("GET", "/me", team.items[0]), api("GET", "/connections", { items: [] }), api("GET", "/agents", team), api("GET", "/rules", rules), api("POST", "/connections", connection(), 201));
    renderAt("/channels", <ChannelsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Connect channel" }));
    const form = within(screen.getByRole("form", { name: "Connect channel" }));
    expect(form.queryByRole("textbox", { name: "Market" })).not.toBeInTheDocument();
    await userEvent.selectOptions(form.getByRole("combobox", { name: "Channel" }), "Marketplace");
    await userEvent.type(form.getByRole("textbox", { name: "Name" }), "Lan VN");
    await userEvent.type(form.getByRole("textbox", { name: "Account id" }), "shop-1");
    await userEvent.type(form.getByRole("textbox", { name: "Market" }), "vn");
    await userEvent.type(form.getByLabelText("Signing secret"), "s3cret");
    await userEvent.click(form.getByRole("button", { name: "Connect" }));
    await waitFor(() => expect(network.calls.find((c) => c.method === "POST")?.body).toMatchObject({ channel: "marketplace", market: "VN" }));
  });

  it("reconnects with new credentials (PATCH) and disconnects only once confirmed (DELETE)", async () => {
    const network = fakeNetwork(
      api("GET", "/me", team.items[0]), api("GET", "/connections", { items: [connection()] }), api("GET", "/agents", team), api("GET", "/rules", rules),
      api("PATCH", "/connections/cn_1", connection()), api("DELETE", "/connections/cn_1", connection({ status: "disconnected" })),
    );
    renderAt("/channels", <ChannelsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Reconnect Lan OA" }));
    const form = within(screen.getByRole("form", { name: "Reconnect Lan OA" }));
    await userEvent.type(form.getByRole("textbox", { name: "App id" }), "app-1");
    await userEvent.type(form.getByLabelText("OA secret key"), "new");
    await userEvent.type(form.getByLabelText("Access token"), "tok2");
    await userEvent.click(form.getByRole("button", { name: "Reconnect" }));
    await waitFor(() => expect(network.calls.find((c) => c.method === "PATCH")?.body).toEqual({
      name: "Lan OA", mode: "shared", rule_id: null, credentials: { app_id: "app-1", oa_secret_key: "new", access_token: "tok2" },
    }));

    const confirm = vi.fn(() => false);
    vi.stubGlobal("confirm", confirm);
    await userEvent.click(screen.getByRole("button", { name: "Disconnect Lan OA" }));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining("Disconnect Lan OA?"));
    expect(network.calls.some((c) => c.method === "DELETE")).toBe(false);
    confirm.mockReturnValue(true);
    await userEvent.click(screen.getByRole("button", { name: "Disconnect Lan OA" }));
    await waitFor(() => expect(network.calls.some((c) => c.method === "DELETE")).toBe(true));
  });

  it("copies the webhook URL and says so", async () => {
    fakeNetwork(api("GET", "/me", team.items[0]), api("GET", "/connections", { items: [connection()] }), api("GET", "/agents", team));
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderAt("/channels", <ChannelsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Copy webhook URL of Lan OA" }));
    expect(writeText).toHaveBeenCalledWith("https://hooks.test/webhooks/zalo");
    expect(screen.getByRole("status")).toHaveTextContent("Copied the webhook URL of Lan OA.");
  });

  it("says where the URL is when the browser refuses to copy", async () => {
    fakeNetwork(api("GET", "/me", team.items[0]), api("GET", "/connections", { items: [connection()] }), api("GET", "/agents", team));
    Object.defineProperty(navigator, "clipboard", { value: { writeText: vi.fn(async () => Promise.reject(new Error("not allowed"))) }, configurable: true });
    renderAt("/channels", <ChannelsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Copy webhook URL of Lan OA" }));
    expect(await screen.findByRole("status")).toHaveTextContent("This browser did not allow copying: select the URL in the table.");
  });
});
