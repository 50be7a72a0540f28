import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Agent, Conversation } from "../../../api/types";
import { ConfirmDialog, Dialog } from "../../../components/Dialog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { useTags } from "../../inbox/hooks/useInbox";
import type { Action } from "../api/conversation";
import { useConversationAction, useCreateTag, useTeam } from "../hooks/useConversation";

type Asking = "assign" | "transfer" | "end" | "appeal" | "decline" | "block" | "tags";

const supervising = (me: Agent | undefined) => me?.role === "owner" || me?.role === "supervisor";

/** Which actions apply, from the conversation's state and the agent's role (the API decides; this
 * only hides what it would refuse). */
export function applicableActions(c: Conversation, me: Agent | undefined) {
  const closed = c.status === "closed";
  const mine = me !== undefined && c.assignee_id === me.agent_id;
  const boss = supervising(me);
  return {
    assignToMe: !closed && !mine && (c.assignee_id === null || boss),
    assign: !closed && (boss || c.assignee_id === null || mine),
    transfer: !closed && c.assignee_id !== null && (mine || boss),
    end: !closed,
    close: !closed,
    reopen: closed,
    // An appeal goes to the platform's support: only tickets of a marketplace or partner have one.
    appeal: !closed && c.status !== "escalated" && (c.ticket_id !== null || c.channel === "marketplace" || c.channel === "partner"),
    decline: !closed,
    block: !c.contact.blocked,
  };
}

export function ConversationActions({ conversation: c, me }: { conversation: Conversation; me: Agent | undefined }) {
  const { t } = useTranslation();
  const action = useConversationAction(c.conversation_id);
  const [asking, setAsking] = useState<Asking | null>(null);
  const shown = applicableActions(c, me);
  const run = (chosen: Action) => action.mutate(chosen, { onSuccess: () => setAsking(null) });
  const ask = (what: Asking) => {
    action.reset();
    setAsking(what);
  };
  const cancel = () => setAsking(null);
  const button = (label: string, onClick: () => void, className?: string) => (
    <button type="button" className={className} disabled={action.isPending} onClick={onClick}>
      {label}
    </button>
  );
  const name = c.contact.name ?? t("conversation.unnamed");
  return (
    <div className="actions" role="group" aria-label={t("conversation.actions")}>
      {shown.assignToMe &&
        button(t("conversation.action.claim"), () => run(c.assignee_id === null || !me ? { kind: "claim" } : { kind: "assign", agentId: me.agent_id }))}
      {shown.assign && button(t("conversation.action.assign"), () => ask("assign"))}
      {shown.transfer && button(t("conversation.action.transfer"), () => ask("transfer"))}
      {button(c.flagged ? t("conversation.action.unflag") : t("conversation.action.flag"), () => run({ kind: c.flagged ? "unflag" : "flag" }))}
      {button(t("conversation.action.tags"), () => ask("tags"))}
      {shown.appeal && button(t("conversation.action.appeal"), () => ask("appeal"))}
      {shown.end && button(t("conversation.action.end"), () => ask("end"))}
      {shown.close && button(t("conversation.action.close"), () => run({ kind: "close" }))}
      {shown.reopen && button(t("conversation.action.reopen"), () => run({ kind: "reopen" }))}
      {shown.decline && button(t("conversation.action.decline"), () => ask("decline"))}
      {shown.block && button(t("conversation.block"), () => ask("block"), "danger")}
      {asking === null && <ErrorAlert error={action.error} />}

      {asking === "end" && (
        <ConfirmDialog
          title={t("conversation.confirm.endTitle")}
          message={t("conversation.confirm.end", { name })}
          confirmLabel={t("conversation.confirm.endButton")}
          cancelLabel={t("conversation.dialog.cancel")}
          pending={action.isPending}
          onConfirm={() => run({ kind: "end" })}
          onCancel={cancel}
        />
      )}
      {asking === "block" && (
        <ConfirmDialog
          title={t("conversation.confirm.blockTitle")}
          message={t("conversation.confirmBlock", { name })}
          confirmLabel={t("conversation.confirm.blockButton")}
          cancelLabel={t("conversation.dialog.cancel")}
          pending={action.isPending}
          onConfirm={() => run({ kind: "block", contactId: c.contact.contact_id })}
          onCancel={cancel}
        />
      )}
      {asking === "assign" && <AssignDialog current={c.assignee_id} pending={action.isPending} error={action.error} onAssign={(agentId) => run({ kind: "assign", agentId })} onCancel={cancel} />}
      {asking === "transfer" && (
        <TransferDialog current={c.assignee_id} pending={action.isPending} error={action.error} onTransfer={(nickname) => run({ kind: "transfer", nickname })} onCancel={cancel} />
      )}
      {asking === "appeal" && (
        <TextDialog
          title={t("conversation.appeal.title")}
          label={t("conversation.appeal.note")}
          submitLabel={t("conversation.appeal.submit")}
          pending={action.isPending}
          error={action.error}
          onSubmit={(note) => run({ kind: "appeal", note })}
          onCancel={cancel}
        />
      )}
      {asking === "decline" && (
        <TextDialog
          title={t("conversation.decline.title")}
          label={t("conversation.decline.text")}
          hint={t("conversation.decline.hint")}
          submitLabel={t("conversation.decline.submit")}
          pending={action.isPending}
          error={action.error}
          onSubmit={(text) => run({ kind: "decline", text })}
          onCancel={cancel}
        />
      )}
      {asking === "tags" && (
        <TagsDialog
          conversationId={c.conversation_id}
          applied={c.tags.map((tag) => tag.tag_id)}
          pending={action.isPending}
          error={action.error}
          onToggle={(tagId, applied, onError) => action.mutate({ kind: "tag", tagId, applied }, { onError })}
          onClose={cancel}
        />
      )}
    </div>
  );
}

interface FormDialogProps {
  pending: boolean;
  error: unknown;
  onCancel: () => void;
}

function AssignDialog({ current, pending, error, onAssign, onCancel }: FormDialogProps & { current: string | null; onAssign: (agentId: string) => void }) {
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
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            {t("conversation.dialog.cancel")}
          </button>
          <button type="submit" disabled={pending || !chosen}>
            {t("conversation.action.assign")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function TransferDialog({ current, pending, error, onTransfer, onCancel }: FormDialogProps & { current: string | null; onTransfer: (nickname: string) => void }) {
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
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            {t("conversation.dialog.cancel")}
          </button>
          <button type="submit" disabled={pending || !nickname.trim()}>
            {t("conversation.action.transfer")}
          </button>
        </div>
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

function TextDialog({ title, label, hint, submitLabel, pending, error, onSubmit, onCancel }: TextDialogProps) {
  const { t } = useTranslation();
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
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            {t("conversation.dialog.cancel")}
          </button>
          <button type="submit" disabled={pending || !text.trim()}>
            {submitLabel}
          </button>
        </div>
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

function TagsDialog({ conversationId, applied, pending, error, onToggle, onClose }: TagsDialogProps) {
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
