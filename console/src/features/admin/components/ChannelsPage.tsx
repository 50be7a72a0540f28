import "../admin.css";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useConfig } from "../../../app/ConfigContext";
import { formatTime, marketName } from "../../../lib/format";
import { webhookUrl } from "../api/connections";
import type { Connection } from "../api/types";
import { useAgents } from "../hooks/useAgents";
import { useConnections, useDisconnectChannel } from "../hooks/useConnections";
import { ConnectionForm } from "./ConnectionForm";
import { AdminTable } from "./AdminTable";
import { ErrorText } from "./Fields";
import { SupervisorsOnly } from "./SupervisorsOnly";

/** Each connection: status, who connected it and when it last connected, its webhook URL; connect, reconnect, disconnect. */
export const ChannelsPage = () => (
  <SupervisorsOnly section="channels">
    <ChannelList />
  </SupervisorsOnly>
);

function ChannelList() {
  const { t, i18n } = useTranslation();
  const config = useConfig();
  const connections = useConnections();
  const agents = useAgents();
  const disconnect = useDisconnectChannel();
  const [form, setForm] = useState<"connect" | string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const reconnecting = connections.data?.find((c) => c.connection_id === form);
  const nickname = (agentId: string) => agents.data?.find((a) => a.agent_id === agentId)?.nickname ?? agentId;
  const copy = async (connection: Connection) => {
    try {
      await navigator.clipboard.writeText(webhookUrl(config.webhook_url ?? config.api_url, connection));
      setCopied(t("channels.copied", { name: connection.name }));
    } catch {
      // No clipboard outside a secure context (http on another host than localhost): the URL is in the table.
      setCopied(t("channels.copyFailed"));
    }
  };
  const confirmDisconnect = (connection: Connection) => {
    if (window.confirm(t("channels.confirmDisconnect", { name: connection.name }))) disconnect.mutate(connection.connection_id);
  };
  return (
    <section className="admin">
      <h1>{t("nav.channels")}</h1>
      <button type="button" aria-expanded={form === "connect"} onClick={() => setForm(form === "connect" ? null : "connect")}>
        {t("channels.connect")}
      </button>
      {form === "connect" && <ConnectionForm onDone={() => setForm(null)} />}
      {reconnecting && <ConnectionForm key={reconnecting.connection_id} connection={reconnecting} onDone={() => setForm(null)} />}
      <ErrorText error={connections.error} fallback={t("errors.loadFailed")} />
      <ErrorText error={disconnect.error} fallback={t("errors.actionFailed")} />
      <p role="status" className="hint">
        {copied ?? ""}
      </p>
      <AdminTable label={t("channels.connections")} columns={[t("channels.name"), t("channels.channel"), t("channels.status.label"), t("channels.connectedBy"), t("channels.lastConnected"), t("channels.webhook")]}>
        {(connections.data ?? []).map((connection) => {
          const connected = connection.status === "connected";
          return (
            <tr key={connection.connection_id}>
              <th scope="row">{connection.name}</th>
              <td>{[t(`channels.kind.${connection.channel}`), marketName(connection.market, i18n.language)].filter(Boolean).join(" · ")}</td>
              <td className={`status-${connection.status}`}>
                {connected ? t("channels.status.connected") : t("channels.status.disconnected")}
                {connection.enforcement && connection.enforcement.action !== "unblock" && (
                  // The channel's policy action on the account (Messenger): a blocked page cannot send.
                  <p className={`enforcement enforcement-${connection.enforcement.action}`}>
                    {t(`channels.enforcement.${connection.enforcement.action}`, { channel: t(`channels.kind.${connection.channel}`) })}
                    {connection.enforcement.reason && (
                      <>
                        {" "}
                        <span className="muted">{connection.enforcement.reason}</span>
                      </>
                    )}
                  </p>
                )}
                {connection.app_role && (
                  // Our app's role on the page (Messenger's handover protocol): a secondary receiver waits for threads.
                  <p className={`app-role app-role-${connection.app_role}`}>{t(`channels.appRole.${connection.app_role}`)}</p>
                )}
              </td>
              <td>{nickname(connection.connected_by)}</td>
              <td>
                <time dateTime={connection.connected_at}>{formatTime(connection.connected_at, i18n.language)}</time>
              </td>
              <td className="webhook">{webhookUrl(config.webhook_url ?? config.api_url, connection)}</td>
              <td>
                <div className="row-buttons">
                  <button type="button" aria-label={t("channels.copyNamed", { name: connection.name })} onClick={() => void copy(connection)}>
                    {t("channels.copy")}
                  </button>
                  <button type="button" aria-label={t("channels.reconnectNamed", { name: connection.name })} onClick={() => setForm(connection.connection_id)}>
                    {t("channels.reconnect")}
                  </button>
                  {connected && (
                    <button type="button" className="danger" aria-label={t("channels.disconnectNamed", { name: connection.name })} onClick={() => confirmDisconnect(connection)}>
                      {t("channels.disconnect")}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </AdminTable>
      {connections.data?.length === 0 && <p className="empty">{t("channels.none")}</p>}
    </section>
  );
}
