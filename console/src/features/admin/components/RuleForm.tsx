import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { EXISTING, METHODS } from "../api/catalog";
import type { ExistingConversations, Rule, RoutingMethod } from "../api/types";
import { useAgents } from "../hooks/useAgents";
import { useChangeRule, useCreateRule } from "../hooks/useCatalog";
import { useConnections } from "../hooks/useConnections";
import { Checklist } from "./Checklist";
import { ErrorText, FormButtons, TextField } from "./Fields";

/** A new rule, or changes to one (`rule` given): name, sources, members, method, what happens to existing conversations. */
export function RuleForm({ rule, onDone }: { rule?: Rule; onDone: () => void }) {
  const { t } = useTranslation();
  const connections = useConnections();
  const agents = useAgents();
  const [name, setName] = useState(rule?.name ?? "");
  const [sources, setSources] = useState<string[]>(rule?.sources ?? []);
  const [members, setMembers] = useState<string[]>(rule?.members ?? []);
  const [method, setMethod] = useState<RoutingMethod>(rule?.method ?? "round_robin");
  const [existing, setExisting] = useState<ExistingConversations>(rule?.existing_conversations ?? "none");
  const create = useCreateRule();
  const change = useChangeRule(rule?.rule_id ?? "");
  const mutation = rule ? change : create;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), sources, members, method, existing_conversations: existing };
    if (rule) change.mutate(body, { onSuccess: onDone });
    else create.mutate(body, { onSuccess: onDone });
  };
  return (
    <form className="admin-form" onSubmit={submit} aria-label={rule ? t("rules.edit", { name: rule.name }) : t("rules.new")}>
      <TextField label={t("rules.name")} required maxLength={128} value={name} onChange={setName} />
      <Checklist
        legend={t("rules.sources")}
        items={(connections.data ?? []).filter((c) => c.status === "connected" || sources.includes(c.connection_id)).map((c) => ({ value: c.connection_id, label: c.name }))}
        chosen={sources}
        onChange={setSources}
      />
      <Checklist legend={t("rules.members")} items={(agents.data ?? []).map((a) => ({ value: a.agent_id, label: a.nickname }))} chosen={members} onChange={setMembers} />
      <LabeledSelect
        label={t("rules.method.label")}
        value={method}
        choices={METHODS.map((m) => ({ value: m, label: t(`rules.method.${m}`) }))}
        onChange={(v) => setMethod(METHODS.find((m) => m === v) ?? "round_robin")}
      />
      <LabeledSelect
        label={t("rules.existing.label")}
        value={existing}
        choices={EXISTING.map((e) => ({ value: e, label: t(`rules.existing.${e}`) }))}
        onChange={(v) => setExisting(EXISTING.find((e) => e === v) ?? "none")}
      />
      <ErrorText error={mutation.error} fallback={t("errors.actionFailed")} />
      <FormButtons submit={rule ? t("common.save") : t("rules.create")} pending={mutation.isPending} onCancel={onDone} />
    </form>
  );
}
