import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { ReportsPage } from "./ReportsPage";

const report = { response_rate_24h: 0.92, late_response_rate: 0.031, csat: null, received_today: 4, first_response_seconds_median: 330, health: "watch", days: 7 };

describe("ReportsPage", () => {
  it("shows each figure under its heading, and asks for 30 days when chosen", async () => {
    const network = fakeNetwork(api("GET", "/reports/service", report));
    const { router } = renderAt("/reports", <ReportsPage />);
    const figure = (name: string) => screen.getByRole("region", { name }).textContent;
    await waitFor(() => expect(figure("Response rate (24 h)")).toContain("92%"));
    expect(figure("Late responses")).toContain("3.1%");
    expect(figure("Satisfaction")).toContain("No data yet");
    expect(figure("Received today")).toContain("4");
    expect(figure("First response")).toContain("6 min");
    expect(figure("Health")).toContain("Watch");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Period" }), "Last 30 days");
    expect(router.state.location.search).toBe("?days=30");
    await waitFor(() => expect(network.calls.at(-1)?.url).toContain("days=30"));
  });
});
