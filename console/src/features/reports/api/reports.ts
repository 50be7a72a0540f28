import { unwrap, type ApiClient } from "../../../api/client";
import type { components } from "../../../api/schema";

export type ServiceReport = components["schemas"]["ServiceReportOut"];
export type ServiceDay = components["schemas"]["ServiceDayOut"];

export const PERIODS = [7, 30] as const;
export type Period = (typeof PERIODS)[number];

/** The organization's report (agentId null) or one agent's; `byDay` adds the series the charts draw. */
export interface ReportScope {
  days: Period;
  agentId: string | null;
  byDay: boolean;
}

export const reportKeys = { service: (scope: ReportScope) => ["reports", "service", scope] as const };

export const fetchServiceReport = (api: ApiClient, { days, agentId, byDay }: ReportScope) =>
  unwrap<ServiceReport>(
    api.GET("/reports/service", { params: { query: { days, ...(agentId ? { agent_id: agentId } : {}), ...(byDay ? { by: "day" as const } : {}) } } }),
  );

/** The three rates a chart draws, by their field in a day of the series. */
export const CHARTED = [
  { key: "response_rate_24h", label: "responseRate" },
  { key: "late_response_rate", label: "lateResponses" },
  { key: "csat", label: "satisfaction" },
] as const;
