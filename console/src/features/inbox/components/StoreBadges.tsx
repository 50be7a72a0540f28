import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { StoreCounts } from "../../../api/types";
import { marketName } from "../../../lib/format";
import { useInboxCounts, useInboxQuery } from "../hooks/useInbox";

/** Each marketplace store's unread and queued (seed 002's entry), each a link to that store's list. */
export function StoreBadges() {
  const { t, i18n } = useTranslation();
  const { query, update } = useInboxQuery();
  const stores = useInboxCounts().data?.stores ?? [];
  if (stores.length === 0) return null;
  const nameOf = (store: StoreCounts) => [store.name, marketName(store.market, i18n.language)].filter(Boolean).join(" · ");
  return (
    <nav className="store-badges" aria-label={t("inbox.stores.label")}>
      <ul>
        {stores.map((store) => {
          const name = nameOf(store);
          const current = query.connection === store.connection_id;
          return (
            <li key={store.connection_id} className={current ? "current" : undefined}>
              <span className="store-name">{name}</span>{" "}
              <Link
                to={`/inbox/all?filter=unread&connection_id=${encodeURIComponent(store.connection_id)}`}
                aria-label={t("inbox.stores.unreadLink", { store: name, count: store.unread })}
                className={store.unread ? "count unread" : "count"}
              >
                {t("inbox.badge.unread", { count: store.unread })}
              </Link>{" "}
              ·{" "}
              <Link
                to={`/inbox/unassigned?connection_id=${encodeURIComponent(store.connection_id)}`}
                aria-label={t("inbox.stores.queuedLink", { store: name, count: store.queued })}
                className={store.queued ? "count queued" : "count"}
              >
                {t("inbox.badge.queued", { count: store.queued })}
              </Link>
            </li>
          );
        })}
      </ul>
      {query.connection && (
        <button type="button" onClick={() => update({ connection_id: null })}>
          {t("inbox.stores.all")}
        </button>
      )}
    </nav>
  );
}
