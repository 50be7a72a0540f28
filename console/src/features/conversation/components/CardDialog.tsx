import { useId, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import type { Card } from "../api/conversation";
import { Dialog } from "../../../components/Dialog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useReply } from "../hooks/useConversation";

interface SendCardProps {
  conversationId: string;
  /** the cards the conversation's channel carries (`cards`): the button shows only where there are some */
  kinds: readonly Card["kind"][];
  /** the orders the conversation knows (its ticket's order, the buyer's order cards), newest first */
  orders: readonly string[];
  disabled: boolean;
}

/** Send card: a marketplace chat's item or order card, sent as a reply of its own (API.md additions, `card`). */
export function SendCardButton({ conversationId, kinds, orders, disabled }: SendCardProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (kinds.length === 0) return null;
  return (
    <>
      <button type="button" disabled={disabled} onClick={() => setOpen(true)}>
        {t("conversation.card.send")}
      </button>
      {/* Out of the reply's form: a form inside a form is no form a browser submits as its own. */}
      {open && createPortal(<CardDialog conversationId={conversationId} kinds={kinds} orders={orders} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

function CardDialog({ conversationId, kinds, orders, onClose }: Omit<SendCardProps, "disabled"> & { onClose: () => void }) {
  const { t } = useTranslation();
  const orderId = useId();
  const itemId = useId();
  const reply = useReply(conversationId);
  const [order, setOrder] = useState(orders[0] ?? "");
  const [item, setItem] = useState("");
  const send = (card: Card) => (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation(); // React's events cross the portal: the reply's own form must not take this one
    if (card.id && !reply.isPending) reply.mutate({ text: "", resolve: false, card }, { onSuccess: onClose });
  };
  return (
    <Dialog title={t("conversation.card.title")} onClose={onClose}>
      {kinds.includes("order") && (
        <form onSubmit={send({ kind: "order", id: order.trim() })}>
          <label htmlFor={orderId}>{t("conversation.card.order")}</label>
          {orders.length > 0 ? (
            <select id={orderId} value={order} onChange={(e) => setOrder(e.target.value)}>
              {orders.map((known) => (
                <option key={known} value={known}>
                  {known}
                </option>
              ))}
            </select>
          ) : (
            <input id={orderId} autoComplete="off" value={order} onChange={(e) => setOrder(e.target.value)} />
          )}
          <button type="submit" disabled={reply.isPending || !order.trim()}>
            {t("conversation.card.sendOrder")}
          </button>
        </form>
      )}
      {kinds.includes("item") && (
        <form onSubmit={send({ kind: "item", id: item.trim() })}>
          <label htmlFor={itemId}>{t("conversation.card.item")}</label>
          <input id={itemId} autoComplete="off" inputMode="numeric" value={item} onChange={(e) => setItem(e.target.value)} />
          <button type="submit" disabled={reply.isPending || !item.trim()}>
            {t("conversation.card.sendItem")}
          </button>
        </form>
      )}
      <ErrorAlert error={reply.error} fallbackKey="errors.sendFailed" />
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          {t("conversation.dialog.cancel")}
        </button>
      </div>
    </Dialog>
  );
}

/** The orders a conversation knows, newest first: the buyer's order cards, then its ticket's order. */
export function knownOrders(order: { id?: unknown } | null, cards: readonly (Card | null | undefined)[]): string[] {
  const fromCards = cards.filter((card): card is Card => card?.kind === "order").map((card) => card.id).reverse();
  const ticket = typeof order?.id === "string" ? [order.id] : [];
  return [...new Set([...fromCards, ...ticket])];
}
