import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Conversation, Template } from "../../../api/types";
import { formatTime } from "../../../lib/format";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { useAttachments } from "../hooks/useAttachments";
import { useDraft } from "../hooks/useDraft";
import { useReply, useTemplates, useTranslateDraft } from "../hooks/useConversation";
import { languageName } from "./languages";
import { SendCardButton } from "./CardDialog";
import type { Card } from "../api/conversation";

interface ReplyBoxProps {
  conversationId: string;
  /** the cards the channel carries, and the orders the conversation knows (Send card) */
  cards?: { kinds: readonly Card["kind"][]; orders: readonly string[] };
  contactLanguage: string | null;
  disabledReason: string | null;
  window?: WindowNotice;
}

/** The channel's messaging window as the reply box tells it: why replies are refused, or until when they are accepted. */
export interface WindowNotice {
  closed: string | null;
  closesSoon: string | null;
}

/** A window closing within this time says when. */
const SOON_MS = 4 * 60 * 60 * 1000;

export function replyWindowNotice(
  window: Conversation["reply_window"],
  t: (key: string, options?: Record<string, string>) => string,
  language: string,
  now: number = Date.now(),
): WindowNotice {
  if (!window.open) return { closed: t(`conversation.window.closed.${window.reason ?? "window_expired"}`), closesSoon: null };
  const closesAt = window.closes_at ? Date.parse(window.closes_at) : null;
  if (closesAt === null || closesAt - now > SOON_MS) return { closed: null, closesSoon: null };
  return { closed: null, closesSoon: t("conversation.window.closesSoon", { time: formatTime(window.closes_at, language, new Date(now)) }) };
}

const OPEN_WINDOW: WindowNotice = { closed: null, closesSoon: null };

/** The console's own languages, offered as reply languages besides the contact's. */
const CONSOLE_LANGUAGES = ["en", "vi", "zh"];

export function ReplyBox({ conversationId, contactLanguage, disabledReason, window = OPEN_WINDOW, cards }: ReplyBoxProps) {
  const { t, i18n } = useTranslation();
  const reasonId = useId();
  // The draft is the tab's own (session storage): it is not on the server until sent.
  const [text, setText] = useDraft(conversationId);
  // What the box holds now, for a send that succeeds after the agent already wrote the next message.
  const current = useRef(text);
  useEffect(() => {
    current.current = text;
  }, [text]);
  const windowId = useId();
  const [template, setTemplate] = useState<Template | null>(null);
  const [language, setLanguage] = useState<string>(contactLanguage ?? i18n.language);
  const [internal, setInternal] = useState(false);
  const attachments = useAttachments();
  const reply = useReply(conversationId);
  const translate = useTranslateDraft();
  const blocked = disabledReason !== null;
  const languages = template ? Object.keys(template.texts) : [...new Set([contactLanguage, ...CONSOLE_LANGUAGES].filter((code): code is string => Boolean(code)))];
  const fill = (chosen: Template | null, wanted: string) => {
    setTemplate(chosen);
    if (!chosen) return;
    // The language asked for, then the contact's, then the agent's, then English, then any.
    const code = [wanted, contactLanguage, i18n.language, "en"].find((c) => c && chosen.texts[c]) ?? Object.keys(chosen.texts)[0];
    if (code) {
      setLanguage(code);
      setText(chosen.texts[code] ?? "");
    }
  };
  // The channel refuses messages now: only a note for the team can be sent.
  const outsideWindow = window.closed !== null && !internal;
  const send = (resolve: boolean) => {
    const body = text.trim();
    if ((!body && attachments.refs.length === 0) || reply.isPending || attachments.uploading) return;
    if (window.closed !== null && (!internal || resolve)) return;
    reply.mutate(
      { text: body, resolve: resolve && !internal, templateId: template?.template_id, language: template ? language : null, internal, attachments: attachments.refs },
      {
        onSuccess: () => {
          attachments.clear();
          // The agent may have started the next message while this one was on its way: keep that draft
          // (and whether it is a note) rather than wipe it.
          if (current.current.trim() !== body) return;
          setText("");
          setTemplate(null);
          setInternal(false);
        },
      },
    );
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) send(false);
  };
  const empty = !text.trim() && attachments.refs.length === 0;
  const cannotSend = blocked || reply.isPending || attachments.uploading || empty || outsideWindow;
  const notice = blocked ? null : (window.closed ?? window.closesSoon);
  const describedBy = [blocked ? reasonId : null, notice ? windowId : null].filter(Boolean).join(" ") || undefined;
  return (
    <form className={internal ? "reply reply-internal" : "reply"} onSubmit={onSubmit}>
      {blocked && (
        <p className="reply-closed" id={reasonId}>
          {disabledReason}
        </p>
      )}
      {notice && (
        <p className={window.closed ? "reply-closed" : "reply-window"} id={windowId} role="status">
          {notice}
        </p>
      )}
      <div className="reply-tools">
        <TemplateSelect value={template?.template_id ?? null} onChange={(chosen) => fill(chosen ?? null, language)} disabled={blocked} />
        <LabeledSelect
          label={t("conversation.replyLanguage")}
          value={language}
          choices={languages.map((code) => ({ value: code, label: languageName(code, i18n.language) }))}
          disabled={blocked}
          onChange={(code) => (template ? fill(template, code) : setLanguage(code))}
        />
        <button
          type="button"
          disabled={blocked || !text.trim() || translate.isPending}
          onClick={() => translate.mutate({ text: text.trim(), language }, { onSuccess: (result) => setText(result.text) })}
        >
          {t("conversation.translateDraft")}
        </button>
        <label className="check">
          <input type="checkbox" checked={internal} disabled={blocked} onChange={(e) => setInternal(e.target.checked)} /> {t("conversation.internalNote")}
        </label>
        {cards && <SendCardButton conversationId={conversationId} kinds={cards.kinds} orders={cards.orders} disabled={blocked || window.closed !== null} />}
        <label className="attach">
          <span>{t("conversation.attachFile")}</span>
          <input
            type="file"
            multiple
            disabled={blocked}
            onChange={(e) => {
              attachments.add(e.target.files);
              e.target.value = "";
            }}
          />
        </label>
      </div>
      <textarea
        aria-label={t("conversation.reply")}
        aria-describedby={describedBy}
        placeholder={internal ? t("conversation.notePlaceholder") : t("conversation.replyPlaceholder")}
        value={text}
        disabled={blocked}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        rows={3}
      />
      {attachments.files.length > 0 && (
        <ul className="pending-files" aria-label={t("conversation.attachments")}>
          {attachments.files.map((file) => (
            <li key={file.key}>
              <span>{file.name}</span>
              {file.failed ? (
                <span className="error">{t("conversation.uploadFailed")}</span>
              ) : (
                <progress max={100} value={file.progress} aria-label={t("conversation.uploading", { name: file.name })} aria-valuenow={file.progress} />
              )}
              <button type="button" className="link" onClick={() => attachments.remove(file.key)}>
                {t("conversation.removeFile", { name: file.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert error={reply.error} fallbackKey="errors.sendFailed" />
      <ErrorAlert error={translate.error} />
      <div className="reply-buttons">
        <button type="submit" disabled={cannotSend}>
          {t("conversation.send")}
        </button>
        <button type="button" disabled={cannotSend || internal || window.closed !== null} onClick={() => send(true)}>
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
