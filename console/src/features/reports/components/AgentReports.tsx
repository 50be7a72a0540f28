import { useTranslation } from "react-i18next";
import type { Period } from "../api/reports";
import { formatPercent, roundMinutes } from "../format";
import { useAgentReports } from "../hooks/useServiceReport";

interface Person {
  agent_id: string;
  nickname: string;
}

/** Each agent's figures and health over the same period, one row per agent. */
export function AgentReports({ people, days }: { people: readonly Person[]; days: Period }) {
  const { t, i18n } = useTranslation();
  const reports = useAgentReports(
    people.map((p) => p.agent_id),
    days,
  );
  const percent = (value: number | null | undefined) => formatPercent(value, i18n.language) ?? "–";
  return (
    <div className="table-scroll">
      <table className="agent-reports" aria-label={t("reports.perAgent")}>
        <thead>
          <tr>
            <th scope="col">{t("reports.agent")}</th>
            <th scope="col">{t("reports.responseRate")}</th>
            <th scope="col">{t("reports.satisfaction")}</th>
            <th scope="col">{t("reports.lateResponses")}</th>
            <th scope="col">{t("reports.receivedToday")}</th>
            <th scope="col">{t("reports.firstResponse")}</th>
            <th scope="col">{t("reports.health")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person, i) => {
            const report = reports[i]?.data;
            const minutes = roundMinutes(report?.first_response_seconds_median);
            return (
              <tr key={person.agent_id}>
                <th scope="row">{person.nickname}</th>
                <td>{report ? percent(report.response_rate_24h) : "…"}</td>
                <td>{report ? percent(report.csat) : "…"}</td>
                <td>{report ? percent(report.late_response_rate) : "…"}</td>
                <td>{report ? report.received_today : "…"}</td>
                <td>{report ? (minutes === null ? "–" : t("reports.minutes", { count: minutes })) : "…"}</td>
                <td className={report ? `health-${report.health}` : undefined}>{report ? t(`reports.healthState.${report.health}`) : "…"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
