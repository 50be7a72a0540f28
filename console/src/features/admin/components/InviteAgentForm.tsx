import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import type { Role } from "../../../api/types";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { useInviteAgent } from "../hooks/useAgents";

const ROLES: readonly Role[] = ["agent", "supervisor", "owner"];

/** Email, nickname, role and capacity; the invitation email carries the first password. */
export function InviteAgentForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const ids = { email: useId(), nickname: useId(), capacity: useId() };
  // The form's fields are drafts until sent.
  const [email, setEmail] = useState("");
  const [nickname, setNickname] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [capacity, setCapacity] = useState(10);
  const invite = useInviteAgent();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email: email.trim(), nickname: nickname.trim(), role, capacity }, { onSuccess: onDone });
  };
  return (
    <form className="invite" onSubmit={submit} aria-label={t("agents.invite")}>
      <label htmlFor={ids.email}>{t("auth.email")}</label>
      <input id={ids.email} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor={ids.nickname}>{t("agents.nickname")}</label>
      <input id={ids.nickname} required maxLength={64} value={nickname} onChange={(e) => setNickname(e.target.value)} />
      <LabeledSelect
        label={t("agents.role")}
        value={role}
        choices={ROLES.map((r) => ({ value: r, label: t(`agents.roles.${r}`) }))}
        onChange={(v) => setRole(ROLES.find((r) => r === v) ?? "agent")}
      />
      <label htmlFor={ids.capacity}>{t("agents.capacity")}</label>
      <input id={ids.capacity} type="number" min={0} max={1000} required value={capacity} onChange={(e) => setCapacity(Number(e.target.value))} />
      {invite.error && (
        <p role="alert" className="error">
          {invite.error instanceof ApiError ? invite.error.message : t("errors.actionFailed")}
        </p>
      )}
      <button type="submit" disabled={invite.isPending}>
        {t("agents.sendInvitation")}
      </button>
    </form>
  );
}
