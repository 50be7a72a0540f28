import { unwrap, type ApiClient } from "../../../api/client";
import type { Connection, ConversationPage, FilterName, InboxCounts, Tag } from "../../../api/types";

export const VIEWS = ["mine", "unassigned", "unclaimed", "escalated", "history", "all"] as const;
export type View = (typeof VIEWS)[number];
export const FILTERS: readonly FilterName[] = ["unread", "unreplied", "expiring", "flagged"];
export const SORTS = ["waiting", "latest"] as const;
export const CATEGORIES = ["pre_purchase", "post_purchase_ticket", "post_purchase_support"] as const;
export type Category = (typeof CATEGORIES)[number];
export type Sort = (typeof SORTS)[number];

export interface InboxQuery {
  view: View;
  filter: FilterName | null;
  q: string;
  sort: Sort | null;
  tag: string | null;
  category: Category | null;
  /** One store's (connection's) conversations: where a store's badge leads. */
  connection: string | null;
}

export const inboxKeys = {
  all: ["conversations"] as const,
  list: (query: InboxQuery) => ["conversations", "list", query] as const,
  counts: ["inbox-counts"] as const,
  tags: ["tags"] as const,
  connections: ["inbox", "connections"] as const,
};

export const fetchConversations = (api: ApiClient, { view, filter, q, sort, tag, category, connection }: InboxQuery) =>
  unwrap<ConversationPage>(
    api.GET("/conversations", {
      params: {
        query: {
          view,
          filter: filter ?? undefined,
          q: q || undefined,
          sort: sort ?? undefined,
          tag: tag ?? undefined,
          category: category ?? undefined,
          connection_id: connection ?? undefined,
          limit: 100,
        },
      },
    }),
  );

export const fetchTags = async (api: ApiClient) => (await unwrap<{ items: Tag[] }>(api.GET("/tags"))).items;

export const fetchInboxCounts = (api: ApiClient) => unwrap<InboxCounts>(api.GET("/inbox/counts"));

/** The connections' names, for the per-connection badges. */
export const fetchConnections = async (api: ApiClient): Promise<Connection[]> => (await unwrap<{ items: Connection[] }>(api.GET("/connections"))).items;
