import { unwrap, type ApiClient } from "../../../api/client";
import type { ServiceReport } from "../../../api/types";

export const PERIODS = [7, 30] as const;
export type Period = (typeof PERIODS)[number];

export const reportKeys = { service: (days: Period) => ["reports", "service", days] as const };

export const fetchServiceReport = (api: ApiClient, days: Period) =>
  unwrap<ServiceReport>(api.GET("/reports/service", { params: { query: { days } } }));
