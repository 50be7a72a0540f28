import { useCallback, useState } from "react";

const PREFIX = "switchboard.draft.";

function stored(conversationId: string): string {
  try {
    return sessionStorage.getItem(PREFIX + conversationId) ?? "";
  } catch {
    return ""; // storage refused (private mode, quota): the draft lives in the page only
  }
}

/** The reply being written in one conversation, kept in the tab's session storage: switching to another
 * conversation and back, a reload, or the pane re-mounting after a failed refresh never loses what the agent
 * typed. Cleared once sent. */
export function useDraft(conversationId: string): [string, (text: string) => void] {
  const [text, setText] = useState(() => stored(conversationId));
  const update = useCallback(
    (next: string) => {
      setText(next);
      try {
        if (next) sessionStorage.setItem(PREFIX + conversationId, next);
        else sessionStorage.removeItem(PREFIX + conversationId);
      } catch {
        // as above: the page's own state still holds it
      }
    },
    [conversationId],
  );
  return [text, update];
}
