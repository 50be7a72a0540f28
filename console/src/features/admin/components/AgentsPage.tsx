import "../admin.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../header/hooks/useMe";
import { useAgents } from "../hooks/useAgents";
import { EditAgentForm } from "./EditAgentForm";
import { ErrorText } from "./Fields";
import { InviteAgentForm } from "./InviteAgentForm";
import { AdminTable } from "./AdminTable";
import { SupervisorsOnly } from "./SupervisorsOnly";

/** The team: role, online, accepting, load / capacity, groups, weight, pages; inviting and editing people. */
export const AgentsPage = () => (
  <SupervisorsOnly section="agents">
    <Team />
  </SupervisorsOnly>
);

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
      <ErrorText error={agents.error} fallback={t("errors.loadFailed")} />
      <AdminTable label={t("agents.team")} columns={[t("agents.nickname"), t("agents.email"), t("agents.role"), t("agents.presence"), t("agents.accepting"), t("agents.load"), t("agents.groups"), t("agents.weight"), t("agents.boundPages")]}>
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
      </AdminTable>
    </section>
  );
}
