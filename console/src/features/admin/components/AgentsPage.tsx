import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAgents } from "../hooks/useAgents";
import { InviteAgentForm } from "./InviteAgentForm";

/** The team: role, online, accepting, load / capacity; inviting a person. Editing comes next. */
export function AgentsPage() {
  const { t } = useTranslation();
  const agents = useAgents();
  const [inviting, setInviting] = useState(false);
  return (
    <section className="admin">
      <h1>{t("nav.agents")}</h1>
      <button type="button" aria-expanded={inviting} onClick={() => setInviting(!inviting)}>
        {t("agents.invite")}
      </button>
      {inviting && <InviteAgentForm onDone={() => setInviting(false)} />}
      {agents.isError && (
        <p role="alert" className="error">
          {t("errors.loadFailed")}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">{t("agents.nickname")}</th>
            <th scope="col">{t("agents.email")}</th>
            <th scope="col">{t("agents.role")}</th>
            <th scope="col">{t("agents.online")}</th>
            <th scope="col">{t("agents.accepting")}</th>
            <th scope="col">{t("agents.load")}</th>
          </tr>
        </thead>
        <tbody>
          {(agents.data ?? []).map((agent) => (
            <tr key={agent.agent_id}>
              <th scope="row">{agent.nickname}</th>
              <td>{agent.email}</td>
              <td>{t(`agents.roles.${agent.role}`)}</td>
              <td>{agent.online ? t("common.yes") : t("common.no")}</td>
              <td>{agent.accepting ? t("common.yes") : t("common.no")}</td>
              <td>
                {agent.load} / {agent.capacity}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
