import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Conversation } from "../../../api/types";
import { formatTime } from "../../../lib/format";
import { StoreLine } from "./StoreLine";
import { TimeLeft } from "./TimeLeft";

export function ConversationItem({ conversation, href, current }: { conversation: Conversation; href: string; current: boolean }) {
  const { t, i18n } = useTranslation();
  const name = conversation.contact.name ?? t("conversation.unnamed");
  return (
    <li className={`conversation-item${current ? " current" : ""}${conversation.unread ? " unread" : ""}`}>
      <Link id={conversationLinkId(conversation.conversation_id)} to={href} aria-current={current ? "page" : undefined}>
        <span className="item-top">
          <span className="contact-name">{name}</span>
          <time dateTime={conversation.last_message_at ?? undefined}>{formatTime(conversation.last_message_at, i18n.language)}</time>
        </span>
        <StoreLine conversation={conversation} />
        <span className="preview">{conversation.last_message_preview}</span>
        <span className="marks">
          {conversation.unread && <span className="mark mark-unread">{t("inbox.marks.unread")}</span>}
          {conversation.unreplied && <span className="mark mark-unreplied">{t("inbox.marks.unreplied")}</span>}
          {conversation.flagged && <span className="mark mark-flagged">{t("inbox.marks.flagged")}</span>}
          <TimeLeft seconds={conversation.time_left_to_respond_seconds} />
        </span>
      </Link>
    </li>
  );
}

/** The id of a conversation's link in the list, so the keyboard can move focus to it. */
export const conversationLinkId = (conversationId: string) => `conversation-link-${conversationId}`;
