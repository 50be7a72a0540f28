import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ConversationPane } from "../features/conversation/components/ConversationPane";
import { useMe } from "../features/header/hooks/useMe";
import { InboxPanel } from "../features/inbox/components/InboxPanel";
import { listSearch, useInboxQuery } from "../features/inbox/hooks/useInbox";

/** Inbox and conversation side by side (/inbox/:view, /conversations/:id?view=…); one at a time on a phone. */
export function Workspace() {
  const { t } = useTranslation();
  const { conversationId } = useParams();
  const me = useMe();
  const { query } = useInboxQuery();
  return (
    <div className={conversationId ? "workspace has-conversation" : "workspace"}>
      <InboxPanel openId={conversationId} />
      <section className="pane">
        {conversationId ? (
          <>
            <Link className="back" to={`/inbox/${query.view}${listSearch(query, false)}`}>
              {t("inbox.back")}
            </Link>
            <ConversationPane key={conversationId} id={conversationId} me={me.data} />
          </>
        ) : (
          <p className="pick">{t("inbox.pick")}</p>
        )}
      </section>
    </div>
  );
}
