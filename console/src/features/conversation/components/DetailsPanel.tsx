import { useTranslation } from "react-i18next";
import { orderOf, type Conversation } from "../../../api/types";
import { TimeLeftText } from "./TimeLeftText";

/** The side panel: contact, ticket and order, time left to respond, tags. */
export function DetailsPanel({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const order = orderOf(c);
  const items = order?.items ?? [];
  return (
    <aside className="details" aria-label={t("conversation.details")}>
      <h2>{t("conversation.contact")}</h2>
      <dl>
        <dt>{t("conversation.name")}</dt>
        <dd>{c.contact.name ?? t("conversation.unnamed")}</dd>
        {c.contact.store_name && (
          <>
            <dt>{t("conversation.store")}</dt>
            <dd>
              {c.contact.store_url ? (
                <a href={c.contact.store_url} target="_blank" rel="noreferrer">
                  {c.contact.store_name}
                </a>
              ) : (
                c.contact.store_name
              )}
            </dd>
          </>
        )}
        {c.contact.language && (
          <>
            <dt>{t("conversation.language")}</dt>
            <dd>{c.contact.language}</dd>
          </>
        )}
      </dl>
      <TimeLeftText seconds={c.time_left_to_respond_seconds} />
      {(c.category || c.ticket_id || order) && (
        <>
          <h2>{t("conversation.ticket")}</h2>
          <dl>
            {c.category && (
              <>
                <dt>{t("inbox.category.label")}</dt>
                <dd>{t(`inbox.category.${c.category}`, { defaultValue: c.category })}</dd>
              </>
            )}
            {c.issue_type && (
              <>
                <dt>{t("conversation.issueType")}</dt>
                <dd>{c.issue_type}</dd>
              </>
            )}
            {order && (
              <>
                <dt>{t("conversation.order")}</dt>
                <dd>{order.id}</dd>
              </>
            )}
          </dl>
          {items.length > 0 && (
            <ul className="order-items">
              {items.map((item) => (
                <li key={item.item_id}>
                  {item.name}
                  {item.price != null && ` · ${item.price}`}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h2>{t("nav.tags")}</h2>
      {c.tags.length ? (
        <ul className="tags" aria-label={t("nav.tags")}>
          {c.tags.map((tag) => (
            <li key={tag.tag_id}>{tag.name}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("conversation.noTags")}</p>
      )}
    </aside>
  );
}
