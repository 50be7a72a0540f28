import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import type { Template } from "../../../api/types";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { useReply, useTemplates } from "../hooks/useConversation";

interface ReplyBoxProps {
  conversationId: string;
  contactLanguage: string | null;
  disabledReason: string | null;
}

export function ReplyBox({ conversationId, contactLanguage, disabledReason }: ReplyBoxProps) {
  const { t, i18n } = useTranslation();
  // The draft is the page's own state: it is not on the server until sent.
  const [text, setText] = useState("");
  const [templateId, setTemplateId] = useState<string | null>(null);
  const reply = useReply(conversationId);
  const send = (resolve: boolean) => {
    const body = text.trim();
    if (!body || reply.isPending) return;
    reply.mutate(
      { text: body, resolve, templateId },
      {
        onSuccess: () => {
          setText("");
          setTemplateId(null);
        },
      },
    );
  };
  const applyTemplate = (template: Template | undefined) => {
    setTemplateId(template?.template_id ?? null);
    if (!template) return;
    // The contact's language first, then the agent's, then whatever the template has.
    const text = [contactLanguage, i18n.language, "en"].map((code) => (code ? template.texts[code] : undefined)).find(Boolean);
    setText(text ?? Object.values(template.texts)[0] ?? "");
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
      <TemplateSelect value={templateId} onChange={applyTemplate} disabled={blocked} />
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

function TemplateSelect({ value, onChange, disabled }: { value: string | null; onChange: (t: Template | undefined) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const items = useTemplates().data ?? [];
  const choices = items.map((template) => ({ value: template.template_id, label: template.name }));
  return (
    <LabeledSelect
      label={t("conversation.template")}
      none={t("conversation.noTemplate")}
      value={value ?? ""}
      choices={choices}
      disabled={disabled}
      onChange={(v) => onChange(items.find((template) => template.template_id === v))}
    />
  );
}
