import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { ConversationPane } from "../features/conversation/components/ConversationPane";
import { useMe } from "../features/header/hooks/useMe";
import { InboxPanel } from "../features/inbox/components/InboxPanel";

/** Inbox and conversation side by side (/inbox/:view, /conversations/:id?view=…); one at a time on a phone. */
export function Workspace() {
  const { t } = useTranslation();
  const { conversationId } = useParams();
  const me = useMe();
  return (
    <div className={conversationId ? "workspace has-conversation" : "workspace"}>
      <InboxPanel openId={conversationId} />
      <section className="pane">
        {conversationId ? (
          <ConversationPane key={conversationId} id={conversationId} me={me.data} />
        ) : (
          <p className="pick">{t("inbox.pick")}</p>
        )}
      </section>
    </div>
  );
}
