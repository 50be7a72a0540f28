import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { ServiceReport } from "../api/reports";
import { formatPercent, roundMinutes } from "../format";

/** The six figures of CONSOLE.md, each a region named by its heading. */
export function Figures({ report }: { report: ServiceReport | undefined }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const loading = "…";
  const percent = (value: number | null | undefined) => (!report ? loading : (formatPercent(value, i18n.language) ?? t("reports.noData")));
  const minutes = roundMinutes(report?.first_response_seconds_median);
  const figures: [string, string][] = [
    ["responseRate", percent(report?.response_rate_24h)],
    ["satisfaction", percent(report?.csat)],
    ["lateResponses", percent(report?.late_response_rate)],
    ["receivedToday", report ? String(report.received_today) : loading],
    ["firstResponse", !report ? loading : minutes === null ? t("reports.noData") : t("reports.minutes", { count: minutes })],
    ["health", report ? t(`reports.healthState.${report.health}`) : loading],
  ];
  return (
    <div className="figures">
      {figures.map(([key, value]) => (
        <section key={key} className={`figure figure-${key}${key === "health" && report ? ` health-${report.health}` : ""}`} aria-labelledby={`${id}-${key}`}>
          <h2 id={`${id}-${key}`}>{t(`reports.${key}`)}</h2>
          <p className="figure-value">{value}</p>
        </section>
      ))}
    </div>
  );
}
