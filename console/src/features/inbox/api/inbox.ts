import { unwrap, type ApiClient } from "../../../api/client";
import type { ConversationPage, FilterName, InboxCounts } from "../../../api/types";

export const VIEWS = ["mine", "unassigned", "unclaimed", "escalated", "history", "all"] as const;
export type View = (typeof VIEWS)[number];
export const FILTERS: readonly FilterName[] = ["unread", "unreplied", "expiring", "flagged"];
export const SORTS = ["waiting", "latest"] as const;
export type Sort = (typeof SORTS)[number];

export interface InboxQuery {
  view: View;
  filter: FilterName | null;
  q: string;
  sort: Sort | null;
}

export const inboxKeys = {
  all: ["conversations"] as const,
  list: (query: InboxQuery) => ["conversations", "list", query] as const,
  counts: ["inbox-counts"] as const,
};

export const fetchConversations = (api: ApiClient, { view, filter, q, sort }: InboxQuery) =>
  unwrap<ConversationPage>(
    api.GET("/conversations", {
      params: { query: { view, filter: filter ?? undefined, q: q || undefined, sort: sort ?? undefined, limit: 100 } },
    }),
  );

export const fetchInboxCounts = (api: ApiClient) => unwrap<InboxCounts>(api.GET("/inbox/counts"));
