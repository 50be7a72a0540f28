import "../admin.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Rule } from "../api/types";
import { useAgents } from "../hooks/useAgents";
import { useDeleteRule } from "../hooks/useCatalog";
import { useConnections, useRules } from "../hooks/useConnections";
import { AdminTable } from "./AdminTable";
import { ErrorText } from "./Fields";
import { RuleForm } from "./RuleForm";
import { SupervisorsOnly } from "./SupervisorsOnly";

/** Routing rules: which connections' conversations go to which agents, and how. */
export const RulesPage = () => (
  <SupervisorsOnly section="rules">
    <RulesList />
  </SupervisorsOnly>
);

function RulesList() {
  const { t } = useTranslation();
  const rules = useRules();
  const connections = useConnections();
  const agents = useAgents();
  const remove = useDeleteRule();
  const [form, setForm] = useState<"new" | string | null>(null);
  const editing = rules.data?.find((r) => r.rule_id === form);
  const names = (ids: readonly string[], list: readonly { id: string; name: string }[]) => ids.map((id) => list.find((x) => x.id === id)?.name ?? id).join(", ");
  const connectionNames = (connections.data ?? []).map((c) => ({ id: c.connection_id, name: c.name }));
  const agentNames = (agents.data ?? []).map((a) => ({ id: a.agent_id, name: a.nickname }));
  const confirmDelete = (rule: Rule) => {
    if (window.confirm(t("rules.confirmDelete", { name: rule.name }))) remove.mutate(rule.rule_id);
  };
  return (
    <section className="admin">
      <h1>{t("nav.rules")}</h1>
      <button type="button" aria-expanded={form === "new"} onClick={() => setForm(form === "new" ? null : "new")}>
        {t("rules.new")}
      </button>
      {form === "new" && <RuleForm onDone={() => setForm(null)} />}
      {editing && <RuleForm key={editing.rule_id} rule={editing} onDone={() => setForm(null)} />}
      <ErrorText error={rules.error ?? remove.error} fallback={t("errors.actionFailed")} />
      <AdminTable label={t("nav.rules")} columns={[t("rules.name"), t("rules.sources"), t("rules.members"), t("rules.method.label"), t("rules.existing.label")]}>
        {(rules.data ?? []).map((rule) => (
          <tr key={rule.rule_id}>
            <th scope="row">{rule.name}</th>
            <td>{names(rule.sources, connectionNames)}</td>
            <td>{names(rule.members, agentNames)}</td>
            <td>{t(`rules.method.${rule.method}`)}</td>
            <td>{t(`rules.existing.${rule.existing_conversations}`)}</td>
            <td>
              <div className="row-buttons">
                <button type="button" aria-label={t("rules.edit", { name: rule.name })} onClick={() => setForm(rule.rule_id)}>
                  {t("common.edit")}
                </button>
                <button type="button" className="danger" aria-label={t("rules.delete", { name: rule.name })} onClick={() => confirmDelete(rule)}>
                  {t("common.delete")}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </AdminTable>
      {rules.data?.length === 0 && <p className="empty">{t("rules.none")}</p>}
    </section>
  );
}
