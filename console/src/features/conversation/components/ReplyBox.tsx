import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import { useReply } from "../hooks/useConversation";

export function ReplyBox({ conversationId, disabledReason }: { conversationId: string; disabledReason: string | null }) {
  const { t } = useTranslation();
  // The draft is the page's own state: it is not on the server until sent.
  const [text, setText] = useState("");
  const reply = useReply(conversationId);
  const send = (resolve: boolean) => {
    const body = text.trim();
    if (!body || reply.isPending) return;
    reply.mutate({ text: body, resolve }, { onSuccess: () => setText("") });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) send(false);
  };
  const blocked = disabledReason !== null;
  return (
    <form className="reply" onSubmit={onSubmit}>
      {blocked && <p className="reply-closed">{disabledReason}</p>}
      <textarea
        aria-label={t("conversation.reply")}
        placeholder={t("conversation.replyPlaceholder")}
        value={text}
        disabled={blocked}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        rows={3}
      />
      {reply.error && (
        <p role="alert" className="error">
          {reply.error instanceof ApiError ? reply.error.message : t("errors.sendFailed")}
        </p>
      )}
      <div className="reply-buttons">
        <button type="submit" disabled={blocked || reply.isPending || !text.trim()}>
          {t("conversation.send")}
        </button>
        <button type="button" disabled={blocked || reply.isPending || !text.trim()} onClick={() => send(true)}>
          {t("conversation.sendAndResolve")}
        </button>
      </div>
    </form>
  );
}
