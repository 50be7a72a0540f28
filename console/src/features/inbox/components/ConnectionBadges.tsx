import { useTranslation } from "react-i18next";
import { useConnections, useInboxCounts } from "../hooks/useInbox";

/** Per connection: its unread conversations and those queued for an agent (GET /inbox/counts). */
export function ConnectionBadges() {
  const { t } = useTranslation();
  const counts = useInboxCounts().data?.connections ?? [];
  const names = new Map((useConnections().data ?? []).map((c) => [c.connection_id, c.name]));
  if (counts.length === 0) return null;
  return (
    <ul className="connection-badges" aria-label={t("inbox.connections")}>
      {counts.map((c) => (
        <li key={c.connection_id}>
          <span className="connection-name">{names.get(c.connection_id) ?? c.connection_id}</span>{" "}
          <span className={c.unread ? "count unread" : "count"}>{t("inbox.badge.unread", { count: c.unread })}</span> ·{" "}
          <span className={c.queued ? "count queued" : "count"}>{t("inbox.badge.queued", { count: c.queued })}</span>
        </li>
      ))}
    </ul>
  );
}
