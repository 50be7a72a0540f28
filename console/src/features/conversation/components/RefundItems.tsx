import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Conversation, OrderItem } from "../../../api/types";
import { ConfirmDialog } from "../../../components/Dialog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useConversationAction } from "../hooks/useConversation";
import { formatAmount } from "../../../lib/format";

/** The order's items: checkboxes named by item and Refund marked items, on an open post-purchase
 * ticket not refunded yet (the only refundable kind, API.md); a plain list otherwise. */
export function RefundItems({ conversation: c, items }: { conversation: Conversation; items: OrderItem[] }) {
  const { t, i18n } = useTranslation();
  const [marked, setMarked] = useState<string[]>([]);
  const [asking, setAsking] = useState(false);
  const action = useConversationAction(c.conversation_id);
  const price = (item: OrderItem) => (item.price != null ? ` · ${formatAmount(item.price, i18n.language)}` : "");
  const refundable = c.category === "post_purchase_ticket" && c.status !== "closed" && c.refund === null;
  if (!refundable) {
    return (
      <ul className="order-items" aria-label={t("conversation.orderItems")}>
        {items.map((item) => (
          <li key={item.item_id}>
            {item.name}
            {price(item)}
          </li>
        ))}
      </ul>
    );
  }
  const toggle = (id: string, on: boolean) => setMarked((all) => (on ? [...all, id] : all.filter((x) => x !== id)));
  const names = items.filter((item) => marked.includes(item.item_id)).map((item) => item.name);
  const refund = () =>
    action.mutate({ kind: "refund", itemIds: marked }, { onSuccess: () => setAsking(false), onError: () => setAsking(false) });
  return (
    <fieldset className="order-items">
      <legend>{t("conversation.orderItems")}</legend>
      {items.map((item) => (
        <div key={item.item_id}>
          <label>
            <input type="checkbox" checked={marked.includes(item.item_id)} onChange={(e) => toggle(item.item_id, e.target.checked)} />
            {item.name}
          </label>
          <span className="muted">{price(item)}</span>
        </div>
      ))}
      <button type="button" disabled={marked.length === 0 || action.isPending} onClick={() => setAsking(true)}>
        {t("conversation.refund.button")}
      </button>
      <ErrorAlert error={action.error} />
      {asking && (
        <ConfirmDialog
          title={t("conversation.refund.confirmTitle")}
          message={t("conversation.refund.confirm", { items: names.join(", ") })}
          confirmLabel={t("conversation.refund.confirmButton")}
          cancelLabel={t("conversation.dialog.cancel")}
          pending={action.isPending}
          onConfirm={refund}
          onCancel={() => setAsking(false)}
        />
      )}
    </fieldset>
  );
}
