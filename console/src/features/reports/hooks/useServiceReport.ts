import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { useApi } from "../../../app/ConfigContext";
import { PERIODS, fetchServiceReport, reportKeys, type Period } from "../api/reports";

/** The period lives in the URL (?days=30), so a report can be bookmarked. */
export function usePeriod(): [Period, (days: Period) => void] {
  const [params, setParams] = useSearchParams();
  const days = PERIODS.find((p) => String(p) === params.get("days")) ?? 7;
  return [days, (next) => setParams({ days: String(next) }, { replace: true })];
}

export function useServiceReport(days: Period) {
  const api = useApi();
  return useQuery({ queryKey: reportKeys.service(days), queryFn: () => fetchServiceReport(api, days), refetchInterval: 60_000 });
}
