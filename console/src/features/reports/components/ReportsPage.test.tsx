import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { RateChart } from "./RateChart";
import { ReportsPage } from "./ReportsPage";

const day = (d: string, rate: number | null) => ({ day: d, response_rate_24h: rate, late_response_rate: 0.1, csat: null, received: 2 });
const report = (changes = {}) => ({
  response_rate_24h: 0.92, late_response_rate: 0.031, csat: null, received_today: 4, first_response_seconds_median: 330, health: "watch",
  agent_id: null, days: 7, waits_counted: 10, ratings_counted: 0, series: [day("2026-11-21", 0.5), day("2026-11-22", 0.75)], ...changes,
});
const person = (agent_id: string, nickname: string, role = "agent") => ({
  agent_id, email: `${nickname}@shop.example`, nickname, role, accepting: true, online: false, capacity: 5, load: 0, groups: [], weight: 1, bound_pages: [], last_seen_at: null,
});

/** Answers the report of whoever `agent_id` names (or the organization) with its own health. */
const reports = () => (call: { method: string; url: string }) => {
  const url = new URL(call.url);
  if (call.method !== "GET" || url.pathname !== "/reports/service") return undefined;
  const agentId = url.searchParams.get("agent_id");
  return { status: 200, body: report(agentId ? { agent_id: agentId, health: "at_risk", series: null } : {}) };
};

describe("ReportsPage", () => {
  it("an owner sees each figure under its heading, a chart of each rate by day and every agent's health", async () => {
    const network = fakeNetwork(api("GET", "/me", person("ag_o", "Boss", "owner")), api("GET", "/agents", { items: [person("ag_o", "Boss", "owner"), person("ag_an", "An")] }), reports());
    const { router } = renderAt("/reports", <ReportsPage />);
    const figure = (name: string) => screen.getByRole("region", { name }).textContent;
    await waitFor(() => expect(figure("Response rate (24 h)")).toContain("92%"));
    expect(figure("Late responses")).toContain("3.1%");
    expect(figure("Satisfaction")).toContain("No data yet");
    expect(figure("Received today")).toContain("4");
    expect(figure("First response")).toContain("6 min");
    expect(figure("Health")).toContain("Watch");
    expect(network.calls.find((c) => c.url.includes("/reports/service"))?.url).toMatch(/days=7.*by=day|by=day.*days=7/);
    const chart = within(screen.getByRole("table", { name: "Response rate (24 h) by day" }));
    expect(chart.getAllByRole("row").map((r) => r.textContent)).toEqual(["DayResponse rate (24 h)", "Nov 2150%", "Nov 2275%"]);
    expect(screen.getByRole("table", { name: "Satisfaction by day" })).toHaveTextContent("No data yet");
    const an = within(await screen.findByRole("row", { name: /^An/ }));
    expect(await an.findByRole("cell", { name: "At risk" })).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Period" }), "Last 30 days");
    expect(router.state.location.search).toBe("?days=30");
    await waitFor(() => expect(network.calls.some((c) => c.url.includes("days=30") && c.url.includes("by=day"))).toBe(true));
  });

  it("an agent sees their own figures, and no one else's", async () => {
    const network = fakeNetwork(api("GET", "/me", person("ag_an", "An")), reports());
    renderAt("/reports", <ReportsPage />);
    await waitFor(() => expect(screen.getByRole("region", { name: "Health" })).toHaveTextContent("At risk"));
    const asked = network.calls.filter((c) => c.url.includes("/reports/service")).map((c) => new URL(c.url).searchParams.get("agent_id"));
    expect(asked).toEqual(["ag_an"]);
    expect(screen.queryByRole("table", { name: "Per agent" })).not.toBeInTheDocument();
    expect(network.calls.some((c) => c.url.endsWith("/agents"))).toBe(false);
  });
});

describe("RateChart", () => {
  it("leaves a gap for a day without data instead of drawing it as zero", () => {
    const { container } = render(
      <RateChart title="Late responses" points={[{ day: "2026-11-19", value: 0.5 }, { day: "2026-11-20", value: null }, { day: "2026-11-21", value: 0.7 }, { day: "2026-11-22", value: 0.8 }]} />,
    );
    expect(container.querySelectorAll("polyline")).toHaveLength(2);
    expect(container.querySelectorAll("circle")).toHaveLength(3);
    expect(screen.getByRole("figure", { name: "Late responses by day" })).toBeInTheDocument();
  });
});
