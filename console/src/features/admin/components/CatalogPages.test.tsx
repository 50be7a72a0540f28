import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import type { TeamMember } from "../api/types";
import { RulesPage } from "./RulesPage";
import { SettingsPage } from "./SettingsPage";
import { TagsPage } from "./TagsPage";
import { TemplatesPage } from "./TemplatesPage";

const person = (agent_id: string, nickname: string, role: TeamMember["role"] = "agent"): TeamMember => ({
  agent_id, email: `${nickname}@shop.example`, nickname, role, accepting: true, online: false, capacity: 5, load: 0, groups: [], weight: 1, bound_pages: [], last_seen_at: null,
});
const owner = person("ag_owner", "Boss", "owner");
const an = person("ag_an", "An");
const team = api("GET", "/agents", { items: [owner, an] });
const connections = api("GET", "/connections", { items: [{ connection_id: "cn_1", channel: "web", name: "Shop chat", external_id: "s", mode: "shared", rule_id: null, status: "connected", connected_by: "ag_owner", connected_at: "2026-11-22T10:00:00Z", webhook_path: "/webhooks/web/cn_1" }] });
const sales = { rule_id: "ru_1", name: "Sales", sources: ["cn_1"], members: ["ag_an"], method: "round_robin", existing_conversations: "none", created_at: "2026-11-22T10:00:00Z" };

describe("RulesPage", () => {
  it("shows each rule with its sources and members by name, and creates one", async () => {
    const network = fakeNetwork(api("GET", "/me", owner), team, connections, api("GET", "/rules", { items: [sales] }), api("POST", "/rules", sales, 201));
    renderAt("/rules", <RulesPage />);
    const row = within(await screen.findByRole("row", { name: /Sales/ }));
    expect(await row.findByRole("cell", { name: "Shop chat" })).toBeInTheDocument();
    expect(await row.findByRole("cell", { name: "An" })).toBeInTheDocument();
    expect(row.getByRole("cell", { name: "Round robin" })).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "New rule" }));
    const form = within(screen.getByRole("form", { name: "New rule" }));
    await userEvent.type(form.getByRole("textbox", { name: "Name" }), "Claims");
    await userEvent.click(within(form.getByRole("group", { name: "Sources" })).getByRole("checkbox", { name: "Shop chat" }));
    await userEvent.click(within(form.getByRole("group", { name: "Members" })).getByRole("checkbox", { name: "An" }));
    await userEvent.selectOptions(form.getByRole("combobox", { name: "Method" }), "Self-claim");
    await userEvent.selectOptions(form.getByRole("combobox", { name: "Existing conversations" }), "Redistribute all");
    await userEvent.click(form.getByRole("button", { name: "Create rule" }));
    await waitFor(() => expect(network.calls.find((c) => c.method === "POST")?.body).toEqual({
      name: "Claims", sources: ["cn_1"], members: ["ag_an"], method: "self_claim", existing_conversations: "all",
    }));
  });

  it("changes a rule with PATCH and deletes it only once confirmed", async () => {
    const network = fakeNetwork(api("GET", "/me", owner), team, connections, api("GET", "/rules", { items: [sales] }), api("PATCH", "/rules/ru_1", sales), api("DELETE", "/rules/ru_1", { rule_id: "ru_1", deleted: true }));
    renderAt("/rules", <RulesPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Edit Sales" }));
    const form = within(screen.getByRole("form", { name: "Edit Sales" }));
    await userEvent.click(within(form.getByRole("group", { name: "Members" })).getByRole("checkbox", { name: "Boss" }));
    await userEvent.click(form.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(network.calls.find((c) => c.method === "PATCH")?.body).toMatchObject({ members: ["ag_an", "ag_owner"] }));
    const confirm = vi.fn(() => false);
    vi.stubGlobal("confirm", confirm);
    await userEvent.click(screen.getByRole("button", { name: "Delete Sales" }));
    expect(network.calls.some((c) => c.method === "DELETE")).toBe(false);
    confirm.mockReturnValue(true);
    await userEvent.click(screen.getByRole("button", { name: "Delete Sales" }));
    await waitFor(() => expect(network.calls.some((c) => c.method === "DELETE" && c.url.endsWith("/rules/ru_1"))).toBe(true));
  });

  it("an agent gets a sentence instead of the controls", async () => {
    fakeNetwork(api("GET", "/me", an));
    renderAt("/rules", <RulesPage />);
    expect(await screen.findByText("Only owners and supervisors manage this page.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New rule" })).not.toBeInTheDocument();
  });
});

describe("TagsPage", () => {
  it("adds, renames and deletes (confirmed) a tag", async () => {
    const network = fakeNetwork(
      api("GET", "/tags", { items: [{ tag_id: "tg_1", name: "vip" }] }), api("POST", "/tags", { tag_id: "tg_2", name: "late" }, 201),
      api("PATCH", "/tags/tg_1", { tag_id: "tg_1", name: "VIP" }), api("DELETE", "/tags/tg_1", { tag_id: "tg_1", deleted: true }),
    );
    renderAt("/tags", <TagsPage />);
    await userEvent.type(screen.getByRole("textbox", { name: "New tag" }), "late");
    await userEvent.click(screen.getByRole("button", { name: "Add tag" }));
    await waitFor(() => expect(network.calls.find((c) => c.method === "POST")?.body).toEqual({ name: "late" }));
    expect(screen.getByRole("textbox", { name: "New tag" })).toHaveValue("");

    await userEvent.click(await screen.findByRole("button", { name: "Rename vip" }));
    const form = within(screen.getByRole("form", { name: "Rename vip" }));
    await userEvent.clear(form.getByRole("textbox", { name: "Name" }));
    await userEvent.type(form.getByRole("textbox", { name: "Name" }), "VIP");
    await userEvent.click(form.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(network.calls.find((c) => c.method === "PATCH")?.body).toEqual({ name: "VIP" }));

    vi.stubGlobal("confirm", vi.fn(() => true));
    await userEvent.click(await screen.findByRole("button", { name: "Delete vip" }));
    await waitFor(() => expect(network.calls.some((c) => c.method === "DELETE")).toBe(true));
  });
});

describe("TemplatesPage", () => {
  it("lists each template's texts by language and creates one with only the languages written", async () => {
    const greeting = { template_id: "tp_1", name: "Greeting", texts: { en: "Hello!", vi: "Xin chào!" }, created_at: "2026-11-22T10:00:00Z" };
    const network = fakeNetwork(api("GET", "/me", owner), api("GET", "/templates", { items: [greeting] }), api("POST", "/templates", greeting, 201));
    renderAt("/templates", <TemplatesPage />);
    const card = within(await screen.findByRole("region", { name: "Greeting" }));
    expect(card.getByText("Tiếng Việt")).toBeInTheDocument();
    expect(card.getByText("Xin chào!")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "New template" }));
    const form = within(screen.getByRole("form", { name: "New template" }));
    await userEvent.type(form.getByRole("textbox", { name: "Name" }), "Thanks");
    await userEvent.click(form.getByRole("button", { name: "Create template" }));
    expect(form.getByRole("alert")).toHaveTextContent("Write the text in at least one language.");
    await userEvent.type(form.getByRole("textbox", { name: "中文" }), "谢谢！");
    await userEvent.click(form.getByRole("button", { name: "Create template" }));
    await waitFor(() => expect(network.calls.find((c) => c.method === "POST")?.body).toEqual({ name: "Thanks", texts: { zh: "谢谢！" } }));
  });
});

describe("SettingsPage", () => {
  it("shows the SLA hours and agents, and saves changes with PATCH", async () => {
    const settings = { sla: { expiring_after_hours: 20, takeover_after_hours: 48, auto_close_after_days: 7, reply_lock_after_days: 30 }, takeover_agent_id: null, fallback_agent_id: null };
    const network = fakeNetwork(api("GET", "/me", owner), team, api("GET", "/settings", settings), api("PATCH", "/settings", settings));
    renderAt("/settings", <SettingsPage />);
    const expiring = await screen.findByRole("spinbutton", { name: "Expiring after (hours)" });
    expect(expiring).toHaveValue(20);
    expect(screen.getByRole("spinbutton", { name: "Reply lock after (days)" })).toHaveValue(30);
    await userEvent.clear(expiring);
    await userEvent.type(expiring, "12");
    await userEvent.selectOptions(await screen.findByRole("combobox", { name: "Takeover agent" }), "An");
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Saved.");
    expect(network.calls.find((c) => c.method === "PATCH")?.body).toEqual({
      sla: { expiring_after_hours: 12, takeover_after_hours: 48, auto_close_after_days: 7, reply_lock_after_days: 30 },
      takeover_agent_id: "ag_an", fallback_agent_id: null,
    });
  });
});
