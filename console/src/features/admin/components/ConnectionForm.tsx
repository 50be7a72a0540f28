import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { CHANNELS, CREDENTIALS } from "../api/connections";
import type { Channel, Connection, ConnectionMode, NewConnection } from "../api/types";
import { useChangeConnection, useConnectChannel, useRules } from "../hooks/useConnections";
import { ErrorText, FormButtons, TextField } from "./Fields";

interface Draft {
  channel: Channel;
  name: string;
  externalId: string;
  credentials: Record<string, string>;
  mode: ConnectionMode;
  ruleId: string;
  market: string;
}

/** Chat channels: the others are marketplace stores, each selling in one market. */
const CHATS: readonly Channel[] = ["zalo", "messenger", "web", "partner"];

/** Connect a channel account, or reconnect one (`connection` given): its channel stays, new credentials are asked for. */
export function ConnectionForm({ connection, onDone }: { connection?: Connection; onDone: () => void }) {
  const { t } = useTranslation();
  const rules = useRules();
  const [draft, setDraft] = useState<Draft>({
    channel: connection?.channel ?? "zalo",
    name: connection?.name ?? "",
    externalId: connection?.external_id ?? "",
    credentials: {},
    mode: connection?.mode ?? "shared",
    ruleId: connection?.rule_id ?? "",
    market: connection?.market ?? "",
  });
  const connect = useConnectChannel();
  const change = useChangeConnection(connection?.connection_id ?? "");
  const mutation = connection ? change : connect;
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));
  const fields = CREDENTIALS[draft.channel];
  const credentials = Object.fromEntries(fields.map(({ key }) => [key, draft.credentials[key] ?? ""]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const market = draft.market.trim().toUpperCase();
    const common = { name: draft.name.trim(), mode: draft.mode, rule_id: draft.ruleId || null, ...(market ? { market } : {}) };
    if (connection) {
      change.mutate({ ...common, credentials }, { onSuccess: onDone });
    } else {
      // The body is one of the three shapes of API.md; the channel picks it and the server checks the keys.
      const body = { ...common, channel: draft.channel, external_id: draft.externalId.trim(), credentials } as NewConnection;
      connect.mutate(body, { onSuccess: onDone });
    }
  };
  const title = connection ? t("channels.reconnectNamed", { name: connection.name }) : t("channels.connect");
  return (
    <form className="admin-form" onSubmit={submit} aria-label={title}>
      {connection ? (
        <p className="hint">{t("channels.reconnectHint")}</p>
      ) : (
        <LabeledSelect
          label={t("channels.channel")}
          value={draft.channel}
          choices={CHANNELS.map((c) => ({ value: c, label: t(`channels.kind.${c}`) }))}
          onChange={(v) => set({ channel: CHANNELS.find((c) => c === v) ?? "zalo", credentials: {} })}
        />
      )}
      <TextField label={t("channels.name")} required maxLength={128} value={draft.name} onChange={(name) => set({ name })} />
      {!connection && (
        <TextField
          label={t("channels.accountId")}
          required
          maxLength={256}
          placeholder={t(`channels.accountIdHint.${draft.channel}`)}
          value={draft.externalId}
          onChange={(externalId) => set({ externalId })}
        />
      )}
      {!CHATS.includes(draft.channel) && (
        <TextField
          label={t("channels.market")}
          placeholder={t("channels.marketHint")}
          pattern="[A-Za-z]{2}"
          maxLength={2}
          value={draft.market}
          onChange={(market) => set({ market })}
        />
      )}
      {fields.map(({ key, secret }) => (
        <TextField
          key={`${draft.channel}-${key}`}
          label={t(`channels.credential.${key}`)}
          type={secret ? "password" : "text"}
          autoComplete={secret ? "new-password" : "off"}
          required
          value={draft.credentials[key] ?? ""}
          onChange={(value) => set({ credentials: { ...draft.credentials, [key]: value } })}
        />
      ))}
      <ModeChoice mode={draft.mode} onChange={(mode) => set({ mode })} />
      <LabeledSelect
        label={t("channels.rule")}
        value={draft.ruleId}
        none={t("channels.noRule")}
        choices={(rules.data ?? []).map((r) => ({ value: r.rule_id, label: r.name }))}
        onChange={(ruleId) => set({ ruleId })}
      />
      <ErrorText error={mutation.error} fallback={t("errors.actionFailed")} />
      <FormButtons submit={connection ? t("channels.reconnect") : t("channels.connectButton")} pending={mutation.isPending} onCancel={onDone} />
    </form>
  );
}

function ModeChoice({ mode, onChange }: { mode: ConnectionMode; onChange: (mode: ConnectionMode) => void }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset>
      <legend>{t("channels.mode.label")}</legend>
      {(["only_me", "shared"] as const).map((value) => (
        <label key={value}>
          <input type="radio" name={name} value={value} checked={mode === value} onChange={() => onChange(value)} /> {t(`channels.mode.${value}`)}
        </label>
      ))}
    </fieldset>
  );
}
