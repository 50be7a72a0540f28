import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Message } from "../../../api/types";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { formatTime } from "../../../lib/format";
import { useRetryMessage } from "../hooks/useConversation";

interface MessageLogProps {
  conversationId: string;
  messages: Message[];
  /** Show older messages, when the thread goes further back */
  older?: { load: () => void; loading: boolean; error: unknown } | null;
  /** the translations of the contact's messages by message id, when Show translation is on */
  translations?: ReadonlyMap<string, string> | null;
}

export function MessageLog({ conversationId, messages, translations, older }: MessageLogProps) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  const retry = useRetryMessage(conversationId);
  const last = messages.at(-1)?.message_id;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [last]);
  return (
    <div role="log" aria-label={t("conversation.messages")} className="messages" tabIndex={0}>
      {older && (
        <div className="older">
          <button type="button" className="link" disabled={older.loading} onClick={older.load}>
            {t("conversation.showOlder")}
          </button>
          <ErrorAlert error={older.error} />
        </div>
      )}
      {messages.map((message) => (
        <MessageBubble
          key={message.message_id}
          message={message}
          translation={translations?.get(message.message_id) ?? null}
          onRetry={message.direction === "out" && message.status === "failed" ? () => retry.mutate(message.message_id) : null}
          retrying={retry.isPending && retry.variables === message.message_id}
        />
      ))}
      <ErrorAlert error={retry.error} />
      <div ref={end} />
    </div>
  );
}

interface BubbleProps {
  message: Message;
  translation: string | null;
  onRetry: (() => void) | null;
  retrying: boolean;
}

function MessageBubble({ message, translation, onRetry, retrying }: BubbleProps) {
  const { t, i18n } = useTranslation();
  return (
    <article className={`message message-${message.direction}`} aria-label={t(`conversation.direction.${message.direction}`)}>
      {message.direction === "note" && <span className="note-mark">{t("conversation.direction.note")}</span>}
      {message.text && <p className="text">{message.text}</p>}
      {message.card && <p className="message-card">{t(`conversation.card.shown.${message.card.kind}`, { id: message.card.id })}</p>}
      {translation && (
        <p className="translation" lang={i18n.language}>
          <span className="visually-hidden">{t("conversation.translation")}: </span>
          {translation}
        </p>
      )}
      {message.attachments.length > 0 && (
        <ul className="attachments">
          {message.attachments.map((attachment, index) => (
            <li key={attachment.object_key ?? attachment.url ?? index}>
              {attachment.type === "image" && attachment.url ? (
                <img src={attachment.url} alt={attachment.name ?? t("conversation.image")} loading="lazy" />
              ) : attachment.url ? (
                <a href={attachment.url} target="_blank" rel="noreferrer">
                  {attachment.name ?? attachment.url}
                </a>
              ) : (
                <span>{attachment.name}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <footer>
        <time dateTime={message.created_at}>{formatTime(message.created_at, i18n.language)}</time>
        {message.edited && (
          // The customer edited it (Messenger): what they first wrote on hover.
          <span className="edited" title={message.original_text ? t("conversation.originalText", { text: message.original_text }) : undefined}>
            {t("conversation.edited")}
          </span>
        )}
        {message.feedback && (
          // The customer's thumbs up or down on this message of the page (Messenger's response_feedback).
          <span className={`feedback feedback-${message.feedback}`}>{t(`conversation.feedback.${message.feedback}`)}</span>
        )}
        {message.direction === "out" && (
          <span className={`status status-${message.status}`} title={message.error ?? undefined}>
            {t(`conversation.status.${message.status}`, { defaultValue: message.status })}
          </span>
        )}
        {onRetry && (
          <button type="button" className="link" disabled={retrying} onClick={onRetry}>
            {t("conversation.retry")}
          </button>
        )}
      </footer>
    </article>
  );
}
