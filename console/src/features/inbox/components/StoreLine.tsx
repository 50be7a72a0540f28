import { useTranslation } from "react-i18next";
import type { Conversation } from "../../../api/types";
import { marketName } from "../../../lib/format";

/** "Marketplace · store · market" of a conversation (e.g. "Wish · Lan VN · Vietnam"); empty for chats. */
export function useStoreLine(conversation: Pick<Conversation, "marketplace" | "store" | "market">): string {
  const { t, i18n } = useTranslation();
  if (!conversation.marketplace) return "";
  return [
    t(`channels.kind.${conversation.marketplace}`, { defaultValue: conversation.marketplace }),
    conversation.store?.name,
    marketName(conversation.market, i18n.language),
  ]
    .filter(Boolean)
    .join(" · ");
}

export function StoreLine({ conversation }: { conversation: Conversation }) {
  const line = useStoreLine(conversation);
  return line ? <span className="store-line">{line}</span> : null;
}
