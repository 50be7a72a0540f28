import "../reports.css";
import { useTranslation } from "react-i18next";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { useAgents } from "../../admin/hooks/useAgents";
import { isSupervising, useMe } from "../../header/hooks/useMe";
import { CHARTED, PERIODS } from "../api/reports";
import { usePeriod, useServiceReport } from "../hooks/useServiceReport";
import { AgentReports } from "./AgentReports";
import { Figures } from "./Figures";
import { RateChart } from "./RateChart";

/**
 * Service figures over 7 or 30 days with a chart of each rate by day (API.md: GET /reports/service?by=day):
 * owners and supervisors see the organization's and each agent's; an agent sees their own.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const [days, setDays] = usePeriod();
  const me = useMe();
  const supervising = isSupervising(me.data);
  const report = useServiceReport({ days, agentId: supervising ? null : (me.data?.agent_id ?? null), byDay: true }, me.data !== undefined);
  const agents = useAgents(supervising);
  const series = report.data?.series ?? [];
  return (
    <section className="admin reports">
      <h1>{t("nav.reports")}</h1>
      <LabeledSelect
        label={t("reports.period")}
        value={String(days)}
        choices={PERIODS.map((p) => ({ value: String(p), label: t("reports.days", { count: p }) }))}
        onChange={(v) => setDays(PERIODS.find((p) => String(p) === v) ?? 7)}
      />
      <p className="hint">{me.data && (supervising ? t("reports.organization") : t("reports.yours"))}</p>
      {report.isError && (
        <p role="alert" className="error">
          {t("errors.loadFailed")}
        </p>
      )}
      <Figures report={report.data} />
      <div className="charts">
        {CHARTED.map(({ key, label }) => (
          <RateChart key={key} title={t(`reports.${label}`)} points={series.map((d) => ({ day: d.day, value: d[key] }))} />
        ))}
      </div>
      {supervising && agents.data && (
        <>
          <h2 className="section-title">{t("reports.perAgent")}</h2>
          <AgentReports people={agents.data} days={days} />
        </>
      )}
    </section>
  );
}
