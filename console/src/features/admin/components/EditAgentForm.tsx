import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { splitLabels } from "../api/agents";
import type { AgentChanges, Role, TeamMember } from "../api/types";
import { useChangeAgent } from "../hooks/useAgents";
import { ErrorText, FormButtons, NumberField, TextField } from "./Fields";

const ROLES: readonly Role[] = ["agent", "supervisor", "owner"];

/** Nickname, capacity, weight, groups and bound pages; the role only for owners (API.md: only owners change a role). */
export function EditAgentForm({ member, canChangeRole, onDone }: { member: TeamMember; canChangeRole: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [nickname, setNickname] = useState(member.nickname);
  const [role, setRole] = useState<Role>(member.role);
  const [capacity, setCapacity] = useState(member.capacity);
  const [weight, setWeight] = useState(member.weight);
  const [groups, setGroups] = useState(member.groups.join(", "));
  const [pages, setPages] = useState(member.bound_pages.join(", "));
  const change = useChangeAgent(member.agent_id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes: AgentChanges = { nickname: nickname.trim(), capacity, weight, groups: splitLabels(groups), bound_pages: splitLabels(pages) };
    if (canChangeRole && role !== member.role) changes.role = role;
    change.mutate(changes, { onSuccess: onDone });
  };
  return (
    <form className="admin-form" onSubmit={submit} aria-label={t("agents.edit", { nickname: member.nickname })}>
      <TextField label={t("agents.nickname")} required maxLength={64} value={nickname} onChange={setNickname} />
      {canChangeRole && (
        <LabeledSelect
          label={t("agents.role")}
          value={role}
          choices={ROLES.map((r) => ({ value: r, label: t(`agents.roles.${r}`) }))}
          onChange={(v) => setRole(ROLES.find((r) => r === v) ?? member.role)}
        />
      )}
      <NumberField label={t("agents.capacity")} min={0} max={1000} required value={capacity} onChange={setCapacity} />
      <NumberField label={t("agents.weight")} min={1} max={100} required value={weight} onChange={setWeight} />
      <TextField label={t("agents.groups")} placeholder={t("agents.commaSeparated")} value={groups} onChange={setGroups} />
      <TextField label={t("agents.boundPages")} placeholder={t("agents.commaSeparated")} value={pages} onChange={setPages} />
      <ErrorText error={change.error} fallback={t("errors.actionFailed")} />
      <FormButtons submit={t("common.save")} pending={change.isPending} onCancel={onDone} />
    </form>
  );
}
