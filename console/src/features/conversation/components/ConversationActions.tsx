import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Agent, Conversation } from "../../../api/types";
import { ConfirmDialog } from "../../../components/Dialog";
import { ErrorAlert } from "../../../components/ErrorAlert";
import type { Action } from "../api/conversation";
import { useConversationAction } from "../hooks/useConversation";
import { AssignDialog, TagsDialog, TextDialog, TransferDialog } from "./ActionDialogs";

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
