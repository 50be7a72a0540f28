import { useTranslation } from "react-i18next";
import "../conversation.css";
import { ApiError } from "../../../api/client";
import type { Agent, Conversation } from "../../../api/types";
import { useConversation, useMarkRead, useMessages, useThread, useTranslationToggle } from "../hooks/useConversation";
import { TranslationSwitch } from "./TranslationSwitch";
import { ConversationActions } from "./ConversationActions";
import { MessageLog } from "./MessageLog";
import { ReplyBox, replyWindowNotice } from "./ReplyBox";
import { DetailsPanel } from "./DetailsPanel";
import { knownOrders } from "./CardDialog";
import { StoreLine } from "../../inbox/components/StoreLine";

export function ConversationPane({ id, me }: { id: string; me: Agent | undefined }) {
  const { t, i18n } = useTranslation();
  const conversation = useConversation(id);
  const messages = useMessages(id);
  const translation = useTranslationToggle(id);
  const thread = useThread(id, messages.data);
  useMarkRead(conversation.data);
  const missing = conversation.error instanceof ApiError && conversation.error.status === 404;
  // A refresh that failed (network, 5xx) keeps the conversation on screen with what was last read, so the
  // agent's reply box and uploads stay as they are; only a conversation never read or gone replaces it.
  if (conversation.isError && (missing || !conversation.data)) {
    return (
      <p role="alert" className="error">
        {t(missing ? "conversation.notFound" : "errors.loadFailed")}
      </p>
    );
  }
  if (!conversation.data) return <p aria-busy="true">{t("common.loading")}</p>;
  const c = conversation.data;
  return (
    <article className="conversation" aria-labelledby={`contact-${c.conversation_id}`}>
      <div className="conversation-main">
        {conversation.isError && (
          <p role="alert" className="error">
            {t("errors.loadFailed")}
          </p>
        )}
        <header className="conversation-header">
          <div>
            <h1 id={`contact-${c.conversation_id}`}>{c.contact.name ?? t("conversation.unnamed")}</h1>
            <p className="subtitle">
              {[c.contact.store_name, c.channel, t(`conversation.state.${c.status}`)].filter(Boolean).join(" · ")}
            </p>
            {c.marketplace && (
              <p className="subtitle">
                <StoreLine conversation={c} />
              </p>
            )}
            {c.thread_requested_by_app_id && (
              // Another app asked for the Messenger thread (handover protocol): a person passes it in Meta's inbox.
              <p className="subtitle thread-request" role="status">
                {t("conversation.threadRequested", { app: c.thread_requested_by_app_id })}
              </p>
            )}
          </div>
          <ConversationActions conversation={c} me={me} />
        </header>
        <TranslationSwitch toggle={translation} />
        <MessageLog
          conversationId={c.conversation_id}
          messages={thread.messages}
          translations={translation.byMessage}
          older={thread.hasOlder ? { load: thread.loadOlder, loading: thread.loading, error: thread.error } : null}
        />
        <ReplyBox
          conversationId={c.conversation_id}
          contactLanguage={c.contact.language}
          disabledReason={replyBlockedReason(c, t)}
          window={
            // Another app holds the Messenger thread (handover protocol): replies wait, notes still work.
            c.thread_owner_app_id
              ? { closed: t("conversation.window.closed.thread_controlled_by_other_app"), closesSoon: null }
              : replyWindowNotice(c.reply_window, t, i18n.language)
          }
          cards={{ kinds: c.cards ?? [], orders: knownOrders(c.order, thread.messages.map((m) => m.card)) }}
        />
      </div>
      <DetailsPanel conversation={c} />
    </article>
  );
}

function replyBlockedReason(c: Conversation, t: (key: string) => string): string | null {
  if (c.contact.blocked) return t("conversation.blocked");
  const locked = c.deadlines.reply_locked_at;
  if (c.status === "closed" && locked && Date.parse(locked) <= Date.now()) return t("conversation.replyLocked");
  if (c.status === "closed") return t("conversation.closedReply");
  return null;
}
