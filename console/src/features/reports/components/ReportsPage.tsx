import { useId } from "react";
import { useTranslation } from "react-i18next";
import { PERIODS } from "../api/reports";
import { usePeriod, useServiceReport } from "../hooks/useServiceReport";

/** The organization's service figures (API.md: GET /reports/service). Per-agent figures and charts come next. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [days, setDays] = usePeriod();
  const report = useServiceReport(days);
  const percent = (value: number | null | undefined) =>
    value == null ? t("reports.noData") : new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 }).format(value);
  const minutes = (seconds: number | null | undefined) =>
    seconds == null ? t("reports.noData") : t("reports.minutes", { count: Math.round(seconds / 60) });
  const r = report.data;
  const figures: [string, string][] = [
    ["responseRate", percent(r?.response_rate_24h)],
    ["satisfaction", percent(r?.csat)],
    ["lateResponses", percent(r?.late_response_rate)],
    ["receivedToday", r ? String(r.received_today) : "…"],
    ["firstResponse", minutes(r?.first_response_seconds_median)],
    ["health", r ? t(`reports.healthState.${r.health}`) : "…"],
  ];
  return (
    <section className="admin reports">
      <h1>{t("nav.reports")}</h1>
      <label htmlFor={id}>{t("reports.period")}</label>{" "}
      <select id={id} value={days} onChange={(e) => setDays(PERIODS.find((p) => String(p) === e.target.value) ?? 7)}>
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            {t("reports.days", { count: p })}
          </option>
        ))}
      </select>
      {report.isError && (
        <p role="alert" className="error">
          {t("errors.loadFailed")}
        </p>
      )}
      <div className="figures">
        {figures.map(([key, value]) => (
          <section key={key} className={`figure figure-${key}`} aria-labelledby={`${id}-${key}`}>
            <h2 id={`${id}-${key}`}>{t(`reports.${key}`)}</h2>
            <p className="figure-value">{value}</p>
          </section>
        ))}
      </div>
    </section>
  );
}
