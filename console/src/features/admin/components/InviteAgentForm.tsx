import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LabeledSelect } from "../../../components/LabeledSelect";
import type { Role } from "../api/types";
import { useInviteAgent } from "../hooks/useAgents";
import { ErrorText, NumberField, TextField } from "./Fields";

const ROLES: readonly Role[] = ["agent", "supervisor", "owner"];

/** Email, nickname, role and capacity; the invitation email carries the first password. Only owners add owners. */
export function InviteAgentForm({ canAddOwners, onDone }: { canAddOwners: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  // The form's fields are drafts until sent.
  const [email, setEmail] = useState("");
  const [nickname, setNickname] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [capacity, setCapacity] = useState(10);
  const invite = useInviteAgent();
  const roles = canAddOwners ? ROLES : ROLES.filter((r) => r !== "owner");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email: email.trim(), nickname: nickname.trim(), role, capacity }, { onSuccess: onDone });
  };
  return (
    <form className="admin-form" onSubmit={submit} aria-label={t("agents.invite")}>
      <TextField label={t("auth.email")} type="email" required value={email} onChange={setEmail} />
      <TextField label={t("agents.nickname")} required maxLength={64} value={nickname} onChange={setNickname} />
      <LabeledSelect
        label={t("agents.role")}
        value={role}
        choices={roles.map((r) => ({ value: r, label: t(`agents.roles.${r}`) }))}
        onChange={(v) => setRole(roles.find((r) => r === v) ?? "agent")}
      />
      <NumberField label={t("agents.capacity")} min={0} max={1000} required value={capacity} onChange={setCapacity} />
      <ErrorText error={invite.error} fallback={t("errors.actionFailed")} />
      <button type="submit" disabled={invite.isPending}>
        {t("agents.sendInvitation")}
      </button>
    </form>
  );
}
