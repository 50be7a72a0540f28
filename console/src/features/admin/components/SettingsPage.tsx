import "../admin.css";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LabeledSelect } from "../../../components/LabeledSelect";
import type { Settings } from "../api/types";
import { useAgents } from "../hooks/useAgents";
import { useChangeSettings, useSettings } from "../hooks/useCatalog";
import { ErrorText, NumberField } from "./Fields";
import { SupervisorsOnly } from "./SupervisorsOnly";

/** The organization's response-time rules (SLA) and who takes over or holds conversations nobody can answer. */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <SupervisorsOnly section="settings">
      <section className="admin">
        <h1>{t("nav.settings")}</h1>
        <ErrorText error={settings.error} fallback={t("errors.loadFailed")} />
        {settings.data && <SettingsForm settings={settings.data} />}
      </section>
    </SupervisorsOnly>
  );
}

const HOURS = { min: 1, max: 720, step: "any" } as const;
const DAYS = { min: 1, max: 365, step: "any" } as const;

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const agents = useAgents();
  const change = useChangeSettings();
  const [sla, setSla] = useState(settings.sla);
  const [takeover, setTakeover] = useState(settings.takeover_agent_id ?? "");
  const [fallback, setFallback] = useState(settings.fallback_agent_id ?? "");
  const people = (agents.data ?? []).map((a) => ({ value: a.agent_id, label: a.nickname }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ sla, takeover_agent_id: takeover || null, fallback_agent_id: fallback || null });
  };
  return (
    <form className="admin-form" onSubmit={submit} aria-label={t("nav.settings")}>
      <NumberField label={t("settings.expiring")} required {...HOURS} value={sla.expiring_after_hours} onChange={(v) => setSla({ ...sla, expiring_after_hours: v })} />
      <NumberField label={t("settings.takeover")} required {...HOURS} value={sla.takeover_after_hours} onChange={(v) => setSla({ ...sla, takeover_after_hours: v })} />
      <NumberField label={t("settings.autoClose")} required {...DAYS} value={sla.auto_close_after_days} onChange={(v) => setSla({ ...sla, auto_close_after_days: v })} />
      <NumberField label={t("settings.replyLock")} required {...DAYS} value={sla.reply_lock_after_days} onChange={(v) => setSla({ ...sla, reply_lock_after_days: v })} />
      <LabeledSelect label={t("settings.takeoverAgent")} value={takeover} none={t("settings.nobody")} choices={people} onChange={setTakeover} />
      <LabeledSelect label={t("settings.fallbackAgent")} value={fallback} none={t("settings.nobody")} choices={people} onChange={setFallback} />
      <p className="hint">{t("settings.explained")}</p>
      <ErrorText error={change.error} fallback={t("errors.actionFailed")} />
      <p role="status" className="hint">
        {change.isSuccess ? t("settings.saved") : ""}
      </p>
      <button type="submit" disabled={change.isPending}>
        {t("settings.save")}
      </button>
    </form>
  );
}
