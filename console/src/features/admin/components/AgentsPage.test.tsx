import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import type { TeamMember } from "../api/types";
import { AgentsPage } from "./AgentsPage";

const member = (changes: Partial<TeamMember> = {}): TeamMember => ({
  agent_id: "ag_lan", email: "lan@shop.example", nickname: "Lan", role: "agent", accepting: true, online: false,
  capacity: 5, load: 2, groups: ["pre-sales"], weight: 1, bound_pages: [], last_seen_at: null, ...changes,
});
const owner = member({ agent_id: "ag_owner", email: "owner@shop.example", nickname: "Boss", role: "owner", online: true });

describe("AgentsPage", () => {
  it("lists the team with role, presence, accepting, load / capacity and groups", async () => {
    fakeNetwork(api("GET", "/me", owner), api("GET", "/agents", { items: [owner, member()] }));
    renderAt("/agents", <AgentsPage />);
    const row = within(await screen.findByRole("row", { name: /Lan/ }));
    expect(row.getByRole("cell", { name: "Agent" })).toBeInTheDocument();
    expect(row.getByRole("cell", { name: "Offline" })).toBeInTheDocument();
    expect(row.getByRole("cell", { name: "2 / 5" })).toBeInTheDocument();
    expect(row.getByRole("cell", { name: "pre-sales" })).toBeInTheDocument();
    expect(within(screen.getByRole("row", { name: /Boss/ })).getByRole("cell", { name: "Online" })).toBeInTheDocument();
  });

  it("an owner edits groups, weight, bound pages, capacity and the role in one PATCH", async () => {
    const network = fakeNetwork(api("GET", "/me", owner), api("GET", "/agents", { items: [owner, member()] }), api("PATCH", "/agents/ag_lan", member({ role: "supervisor" })));
    renderAt("/agents", <AgentsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Edit Lan" }));
    const form = within(screen.getByRole("form", { name: "Edit Lan" }));
    await userEvent.clear(form.getByRole("textbox", { name: "Groups" }));
    await userEvent.type(form.getByRole("textbox", { name: "Groups" }), "pre-sales, vip ,");
    await userEvent.clear(form.getByRole("spinbutton", { name: "Weight" }));
    await userEvent.type(form.getByRole("spinbutton", { name: "Weight" }), "3");
    await userEvent.type(form.getByRole("textbox", { name: "Bound pages" }), "home");
    await userEvent.clear(form.getByRole("spinbutton", { name: "Capacity" }));
    await userEvent.type(form.getByRole("spinbutton", { name: "Capacity" }), "4");
    await userEvent.selectOptions(form.getByRole("combobox", { name: "Role" }), "Supervisor");
    await userEvent.click(form.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "Edit Lan" })).not.toBeInTheDocument());
    expect(network.calls.find((c) => c.method === "PATCH")?.body).toEqual({
      nickname: "Lan", capacity: 4, weight: 3, groups: ["pre-sales", "vip"], bound_pages: ["home"], role: "supervisor",
    });
  });

  it("a supervisor gets no Role choice and sends no role; a refusal is shown", async () => {
    const supervisor = member({ agent_id: "ag_sup", nickname: "Sup", role: "supervisor" });
    const network = fakeNetwork(
      api("GET", "/me", supervisor),
      api("GET", "/agents", { items: [supervisor, member()] }),
      api("PATCH", "/agents/ag_lan", { error: { code: "forbidden", message: "Only owners change a role." } }, 403),
    );
    renderAt("/agents", <AgentsPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Edit Lan" }));
    const form = within(screen.getByRole("form", { name: "Edit Lan" }));
    await waitFor(() => expect(network.calls.some((c) => c.url.endsWith("/me"))).toBe(true));
    expect(form.queryByRole("combobox", { name: "Role" })).not.toBeInTheDocument();
    await userEvent.click(form.getByRole("button", { name: "Save" }));
    expect(await form.findByRole("alert")).toHaveTextContent("Only owners change a role.");
    expect(network.calls.find((c) => c.method === "PATCH")?.body).not.toHaveProperty("role");
  });

  it("invites with the four fields of CONSOLE.md; a supervisor cannot invite an owner", async () => {
    const supervisor = member({ agent_id: "ag_sup", nickname: "Sup", role: "supervisor" });
    const network = fakeNetwork(api("GET", "/me", supervisor), api("GET", "/agents", { items: [supervisor] }), api("POST", "/agents", member(), 201));
    renderAt("/agents", <AgentsPage />);
    await waitFor(() => expect(screen.getByRole("row", { name: /Sup/ })).toBeInTheDocument());
    await userEvent.click(screen.getByRole("button", { name: "Invite agent" }));
    const form = within(screen.getByRole("form", { name: "Invite agent" }));
    expect(form.getAllByRole("option").map((o) => o.textContent)).toEqual(["Agent", "Supervisor"]);
    await userEvent.type(form.getByRole("textbox", { name: "Email" }), "lan@shop.example");
    await userEvent.type(form.getByRole("textbox", { name: "Nickname" }), "Lan");
    await userEvent.clear(form.getByRole("spinbutton", { name: "Capacity" }));
    await userEvent.type(form.getByRole("spinbutton", { name: "Capacity" }), "5");
    await userEvent.click(form.getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(network.calls.find((c) => c.method === "POST")?.body).toEqual({ email: "lan@shop.example", nickname: "Lan", role: "agent", capacity: 5 }));
  });
});
