import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../components/Dialog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useTags } from "../../inbox/hooks/useInbox";
import { useCreateTag, useTeam } from "../hooks/useConversation";

// The dialogs of the conversation's actions that ask for something: whom, which note, which tags.

/** Cancel, then the dialog's own submit button. */
function SubmitButtons({ submitLabel, disabled, onCancel }: { submitLabel: string; disabled: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="dialog-buttons">
      <button type="button" onClick={onCancel}>
        {t("conversation.dialog.cancel")}
      </button>
      <button type="submit" disabled={disabled}>
        {submitLabel}
      </button>
    </div>
  );
}

interface FormDialogProps {
  pending: boolean;
  error: unknown;
  onCancel: () => void;
}

export function AssignDialog({ current, pending, error, onAssign, onCancel }: FormDialogProps & { current: string | null; onAssign: (agentId: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const team = useTeam().data ?? [];
  const candidates = team.filter((agent) => agent.agent_id !== current);
  const [agentId, setAgentId] = useState("");
  const chosen = agentId || candidates[0]?.agent_id || "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) onAssign(chosen);
  };
  return (
    <Dialog title={t("conversation.assign.title")} onClose={onCancel}>
      <form onSubmit={submit}>
        <label htmlFor={id}>{t("conversation.assign.agent")}</label>
        <select id={id} value={chosen} onChange={(e) => setAgentId(e.target.value)}>
          {candidates.map((agent) => (
            <option key={agent.agent_id} value={agent.agent_id}>
              {t("conversation.assign.choice", { nickname: agent.nickname, load: agent.load, capacity: agent.capacity })}
            </option>
          ))}
        </select>
        <ErrorAlert error={error} />
        <SubmitButtons submitLabel={t("conversation.action.assign")} disabled={pending || !chosen} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}

export function TransferDialog({ current, pending, error, onTransfer, onCancel }: FormDialogProps & { current: string | null; onTransfer: (nickname: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const team = useTeam().data ?? [];
  const [nickname, setNickname] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (nickname.trim()) onTransfer(nickname.trim());
  };
  return (
    <Dialog title={t("conversation.transfer.title")} onClose={onCancel}>
      <form onSubmit={submit}>
        <label htmlFor={id}>{t("conversation.transfer.nickname")}</label>
        {/* A text field with suggestions (a combobox): any nickname can be typed, the team's are offered. */}
        <input id={id} list={`${id}-team`} autoComplete="off" value={nickname} onChange={(e) => setNickname(e.target.value)} />
        <datalist id={`${id}-team`}>
          {team
            .filter((agent) => agent.agent_id !== current)
            .map((agent) => (
              <option key={agent.agent_id} value={agent.nickname} />
            ))}
        </datalist>
        <ErrorAlert error={error} />
        <SubmitButtons submitLabel={t("conversation.action.transfer")} disabled={pending || !nickname.trim()} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}

interface TextDialogProps extends FormDialogProps {
  title: string;
  label: string;
  hint?: string;
  submitLabel: string;
  onSubmit: (text: string) => void;
}

export function TextDialog({ title, label, hint, submitLabel, pending, error, onSubmit, onCancel }: TextDialogProps) {
  const id = useId();
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) onSubmit(text.trim());
  };
  return (
    <Dialog title={title} onClose={onCancel}>
      <form onSubmit={submit}>
        {hint && <p className="muted">{hint}</p>}
        <label htmlFor={id}>{label}</label>
        <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        <ErrorAlert error={error} />
        <SubmitButtons submitLabel={submitLabel} disabled={pending || !text.trim()} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}

interface TagsDialogProps {
  conversationId: string;
  applied: string[];
  pending: boolean;
  error: unknown;
  onToggle: (tagId: string, applied: boolean, onError: () => void) => void;
  onClose: () => void;
}

export function TagsDialog({ conversationId, applied, pending, error, onToggle, onClose }: TagsDialogProps) {
  const { t } = useTranslation();
  const tags = useTags();
  const create = useCreateTag(conversationId);
  const newTagId = useId();
  const [name, setName] = useState("");
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim(), { onSuccess: () => setName("") });
  };
  const items = tags.data ?? [];
  // A box shows the click at once; the conversation the API answers confirms it, a refusal undoes it.
  const [chosen, setChosen] = useState<Record<string, boolean>>({});
  const toggle = (tagId: string, on: boolean) => {
    setChosen((before) => ({ ...before, [tagId]: on }));
    onToggle(tagId, on, () =>
      setChosen((before) => Object.fromEntries(Object.entries(before).filter(([id]) => id !== tagId))),
    );
  };
  return (
    <Dialog title={t("conversation.tags.title")} onClose={onClose}>
      {tags.isSuccess && items.length === 0 && <p className="muted">{t("conversation.tags.none")}</p>}
      <ul className="tag-choices">
        {items.map((tag) => (
          <li key={tag.tag_id}>
            <label>
              <input
                type="checkbox"
                checked={chosen[tag.tag_id] ?? applied.includes(tag.tag_id)}
                disabled={pending}
                onChange={(e) => toggle(tag.tag_id, e.target.checked)}
              />{" "}
              {tag.name}
            </label>
          </li>
        ))}
      </ul>
      <form className="new-tag" onSubmit={add}>
        <label htmlFor={newTagId}>{t("conversation.tags.new")}</label>
        <input id={newTagId} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={create.isPending || !name.trim()}>
          {t("conversation.tags.add")}
        </button>
      </form>
      <ErrorAlert error={error ?? create.error} />
      <div className="dialog-buttons">
        <button type="button" onClick={onClose}>
          {t("conversation.tags.done")}
        </button>
      </div>
    </Dialog>
  );
}
