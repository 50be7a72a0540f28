import { useId } from "react";
import { useTranslation } from "react-i18next";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { PERIODS } from "../api/reports";
import { usePeriod, useServiceReport } from "../hooks/useServiceReport";

/** The organization's service figures (API.md: GET /reports/service). Per-agent figures and charts come next. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [days, setDays] = usePeriod();
  const report = useServiceReport(days);
  const r = report.data;
  const loading = "…";
  const percent = (value: number | null | undefined) =>
    !r ? loading : value == null ? t("reports.noData") : new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 }).format(value);
  const minutes = (seconds: number | null | undefined) =>
    !r ? loading : seconds == null ? t("reports.noData") : t("reports.minutes", { count: Math.round(seconds / 60) });
  const figures: [string, string][] = [
    ["responseRate", percent(r?.response_rate_24h)],
    ["satisfaction", percent(r?.csat)],
    ["lateResponses", percent(r?.late_response_rate)],
    ["receivedToday", r ? String(r.received_today) : loading],
    ["firstResponse", minutes(r?.first_response_seconds_median)],
    ["health", r ? t(`reports.healthState.${r.health}`) : loading],
  ];
  return (
    <section className="admin reports">
      <h1>{t("nav.reports")}</h1>
      <LabeledSelect
        label={t("reports.period")}
        value={String(days)}
        choices={PERIODS.map((p) => ({ value: String(p), label: t("reports.days", { count: p }) }))}
        onChange={(v) => setDays(PERIODS.find((p) => String(p) === v) ?? 7)}
      />
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
