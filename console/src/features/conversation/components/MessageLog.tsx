import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Message } from "../../../api/types";
import { formatTime } from "../../../lib/format";

export function MessageLog({ messages }: { messages: Message[] }) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  const last = messages.at(-1)?.message_id;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [last]);
  return (
    <div role="log" aria-label={t("conversation.messages")} className="messages" tabIndex={0}>
      {messages.map((message) => (
        <MessageBubble key={message.message_id} message={message} />
      ))}
      <div ref={end} />
    </div>
  );
}

function MessageBubble({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  return (
    <article className={`message message-${message.direction}`} aria-label={t(`conversation.direction.${message.direction}`)}>
      {message.direction === "note" && <span className="note-mark">{t("conversation.direction.note")}</span>}
      {message.text && <p className="text">{message.text}</p>}
      {message.attachments.length > 0 && (
        <ul className="attachments">
          {message.attachments.map((attachment, index) => (
            <li key={attachment.url ?? index}>
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
        {message.direction === "out" && <span className={`status status-${message.status}`}>{t(`conversation.status.${message.status}`)}</span>}
      </footer>
    </article>
  );
}
