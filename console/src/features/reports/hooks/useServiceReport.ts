import { useQueries, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { useApi } from "../../../app/ConfigContext";
import { PERIODS, fetchServiceReport, reportKeys, type Period, type ReportScope } from "../api/reports";

// Day counters change with every answered wait; a minute is fresh enough for a report.
const REFRESH_MS = 60_000;

/** The period lives in the URL (?days=30), so a report can be bookmarked. */
export function usePeriod(): [Period, (days: Period) => void] {
  const [params, setParams] = useSearchParams();
  const days = PERIODS.find((p) => String(p) === params.get("days")) ?? 7;
  return [days, (next) => setParams({ days: String(next) }, { replace: true })];
}

export function useServiceReport(scope: ReportScope, enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: reportKeys.service(scope), queryFn: () => fetchServiceReport(api, scope), refetchInterval: REFRESH_MS, enabled });
}

/** One report per agent (owners and supervisors): the team's health side by side. */
export function useAgentReports(agentIds: readonly string[], days: Period) {
  const api = useApi();
  return useQueries({
    queries: agentIds.map((agentId) => {
      const scope: ReportScope = { days, agentId, byDay: false };
      return { queryKey: reportKeys.service(scope), queryFn: () => fetchServiceReport(api, scope), refetchInterval: REFRESH_MS };
    }),
  });
}
