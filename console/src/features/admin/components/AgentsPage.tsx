import "../admin.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../header/hooks/useMe";
import { useAgents } from "../hooks/useAgents";
import { EditAgentForm } from "./EditAgentForm";
import { InviteAgentForm } from "./InviteAgentForm";
import { SupervisorsOnly } from "./SupervisorsOnly";

/** The team: role, online, accepting, load / capacity, groups, weight, pages; inviting and editing people. */
export function AgentsPage() {
  const { t } = useTranslation();
  return (
    <SupervisorsOnly title={t("nav.agents")}>
      <Team />
    </SupervisorsOnly>
  );
}

function Team() {
  const { t } = useTranslation();
  const agents = useAgents();
  const me = useMe();
  const isOwner = me.data?.role === "owner";
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const member = agents.data?.find((a) => a.agent_id === editing);
  return (
    <section className="admin">
      <h1>{t("nav.agents")}</h1>
      <button type="button" aria-expanded={inviting} onClick={() => setInviting(!inviting)}>
        {t("agents.invite")}
      </button>
      {inviting && <InviteAgentForm canAddOwners={isOwner} onDone={() => setInviting(false)} />}
      {member && <EditAgentForm key={member.agent_id} member={member} canChangeRole={isOwner} onDone={() => setEditing(null)} />}
      {agents.isError && (
        <p role="alert" className="error">
          {t("errors.loadFailed")}
        </p>
      )}
      <div className="table-scroll">
        <table aria-label={t("agents.team")}>
          <thead>
            <tr>
              <th scope="col">{t("agents.nickname")}</th>
              <th scope="col">{t("agents.email")}</th>
              <th scope="col">{t("agents.role")}</th>
              <th scope="col">{t("agents.presence")}</th>
              <th scope="col">{t("agents.accepting")}</th>
              <th scope="col">{t("agents.load")}</th>
              <th scope="col">{t("agents.groups")}</th>
              <th scope="col">{t("agents.weight")}</th>
              <th scope="col">{t("agents.boundPages")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("common.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(agents.data ?? []).map((agent) => (
              <tr key={agent.agent_id}>
                <th scope="row">{agent.nickname}</th>
                <td>{agent.email}</td>
                <td>{t(`agents.roles.${agent.role}`)}</td>
                <td>{agent.online ? t("header.presence.online") : t("header.presence.offline")}</td>
                <td>{agent.accepting ? t("common.yes") : t("common.no")}</td>
                <td>
                  {agent.load} / {agent.capacity}
                </td>
                <td>{agent.groups.join(", ")}</td>
                <td>{agent.weight}</td>
                <td>{agent.bound_pages.join(", ")}</td>
                <td>
                  <button type="button" aria-label={t("agents.edit", { nickname: agent.nickname })} aria-expanded={editing === agent.agent_id} onClick={() => setEditing(agent.agent_id)}>
                    {t("common.edit")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
