import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { orderOf, type Conversation } from "../../../api/types";
import { formatAmount, formatTime, marketName } from "../../../lib/format";
import { languageName } from "./languages";
import { RefundItems } from "./RefundItems";
import { TimeLeftText } from "./TimeLeftText";

/** The side panel: contact (with a Zalo contact's follow state), ticket and order (refund of marked items), time left to respond, tags, work items. */
export function DetailsPanel({ conversation: c }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const order = orderOf(c);
  return (
    <aside className="details" aria-label={t("conversation.details")}>
      <h2>{t("conversation.contact")}</h2>
      <dl>
        <Row label={t("conversation.name")}>{c.contact.name ?? t("conversation.unnamed")}</Row>
        {c.contact.store_name && (
          <Row label={t("conversation.store")}>
            {c.contact.store_url ? (
              <a href={c.contact.store_url} target="_blank" rel="noreferrer">
                {c.contact.store_name}
              </a>
            ) : (
              c.contact.store_name
            )}
          </Row>
        )}
        {c.contact.store_url && <Row label={t("conversation.storeUrl")}>{c.contact.store_url}</Row>}
        {c.marketplace && (
          <Row label={t("conversation.marketplaceStore")}>
            {[t(`channels.kind.${c.marketplace}`, { defaultValue: c.marketplace }), c.store?.name].filter(Boolean).join(" · ")}
          </Row>
        )}
        {c.market && <Row label={t("conversation.market")}>{marketName(c.market, i18n.language)}</Row>}
        {c.contact.language && <Row label={t("conversation.language")}>{languageName(c.contact.language, i18n.language)}</Row>}
        {c.contact.following != null && (
          // Zalo says whether the contact follows the OA (null: it never said).
          <Row label={t("conversation.following.label")}>
            {c.contact.following ? t("conversation.following.yes") : t("conversation.following.no")}
          </Row>
        )}
        {c.contact.phone && (
          // Zalo: the phone number the contact shared through the OA's form.
          <Row label={t("conversation.phone")}>{c.contact.phone}</Row>
        )}
        {c.contact.notifications != null && (
          // Messenger: opted in to (or stopped) the page's Marketing Messages.
          <Row label={t("conversation.notifications.label")}>
            {c.contact.notifications ? t("conversation.notifications.yes") : t("conversation.notifications.no")}
          </Row>
        )}
        {c.contact.linked != null && (
          <Row label={t("conversation.linked.label")}>{c.contact.linked ? t("conversation.linked.yes") : t("conversation.linked.no")}</Row>
        )}
      </dl>
      <TimeLeftText seconds={c.status === "closed" ? null : c.time_left_to_respond_seconds} />
      {(c.category || c.ticket_id || order) && (
        <>
          <h2>{t("conversation.ticket")}</h2>
          <dl>
            {c.category && <Row label={t("inbox.category.label")}>{t(`inbox.category.${c.category}`, { defaultValue: c.category })}</Row>}
            {c.issue_type && <Row label={t("conversation.issueType")}>{c.issue_type}</Row>}
            {c.ticket_id && <Row label={t("conversation.ticketId")}>{c.ticket_id}</Row>}
            {order && <Row label={t("conversation.order")}>{order.id}</Row>}
          </dl>
          {order && order.items.length > 0 && <RefundItems conversation={c} items={order.items} />}
        </>
      )}
      {c.refund && <RefundDetails refund={c.refund} />}
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
      {c.work_items.length > 0 && (
        <>
          <h2>{t("conversation.workItems")}</h2>
          <ul className="work-items" aria-label={t("conversation.workItems")}>
            {c.work_items.map((item) => (
              <li key={item.work_item_id}>
                {t(`conversation.workItem.${item.type}`, { defaultValue: item.type })} {item.work_item_id} ·{" "}
                {t(`conversation.workItemStatus.${item.status}`, { defaultValue: item.status })}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function RefundDetails({ refund }: { refund: NonNullable<Conversation["refund"]> }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  return (
    <section className="refund" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("conversation.refund.title")}</h2>
      <ul>
        {refund.items.map((item) => (
          <li key={item.item_id}>
            {item.name ?? item.item_id} · {formatAmount(item.price, i18n.language)}
          </li>
        ))}
      </ul>
      <p>
        {t("conversation.refund.total", { amount: formatAmount(refund.amount, i18n.language) })} ·{" "}
        <time dateTime={refund.refunded_at}>{formatTime(refund.refunded_at, i18n.language)}</time>
      </p>
    </section>
  );
}
