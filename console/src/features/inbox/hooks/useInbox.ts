import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useParams, useSearchParams } from "react-router";
import { useApi } from "../../../app/ConfigContext";
import type { FilterName } from "../../../api/types";
import { conversationKeys, runAction } from "../../conversation/api/conversation";
import {
  CATEGORIES,
  FILTERS,
  SORTS,
  VIEWS,
  fetchConnections,
  fetchConversations,
  fetchInboxCounts,
  fetchTags,
  inboxKeys,
  type Category,
  type InboxQuery,
  type Sort,
  type View,
} from "../api/inbox";

/** Until the WebSocket exists, the open list and the badges are polled (API.md: within 2 s). */
export const POLL_MS = 1500;

const oneOf = <T extends string>(values: readonly T[], value: string | null | undefined): T | null =>
  values.find((v) => v === value) ?? null;

/** The inbox's view, filter, search and sort live in the URL, so every list can be bookmarked. */
export function useInboxQuery() {
  const { view: viewParam } = useParams();
  const [params, setParams] = useSearchParams();
  const query: InboxQuery = {
    view: oneOf(VIEWS, viewParam ?? params.get("view")) ?? "mine",
    filter: oneOf(FILTERS, params.get("filter")),
    q: params.get("q") ?? "",
    sort: oneOf(SORTS, params.get("sort")),
    tag: params.get("tag") || null,
    category: oneOf(CATEGORIES, params.get("category")),
    connection: params.get("connection_id") || null,
  };
  const update = useCallback(
    (changes: {
      filter?: FilterName | null;
      q?: string;
      sort?: Sort | null;
      tag?: string | null;
      category?: Category | null;
      connection_id?: string | null;
    }) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { query, update };
}

/** The search part of a URL that keeps the list as it is (the view travels along to a conversation). */
export function listSearch(query: InboxQuery, withView: boolean): string {
  const params = new URLSearchParams();
  if (withView) params.set("view", query.view);
  if (query.filter) params.set("filter", query.filter);
  if (query.q) params.set("q", query.q);
  if (query.sort) params.set("sort", query.sort);
  if (query.tag) params.set("tag", query.tag);
  if (query.category) params.set("category", query.category);
  if (query.connection) params.set("connection_id", query.connection);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function useConversations(query: InboxQuery) {
  const api = useApi();
  return useQuery({
    queryKey: inboxKeys.list(query),
    queryFn: () => fetchConversations(api, query),
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });
}

export function useInboxCounts() {
  const api = useApi();
  return useQuery({ queryKey: inboxKeys.counts, queryFn: () => fetchInboxCounts(api), refetchInterval: POLL_MS });
}

export function useTags() {
  const api = useApi();
  return useQuery({ queryKey: inboxKeys.tags, queryFn: () => fetchTags(api), staleTime: 60_000 });
}

export type { View };

export function useConnections() {
  const api = useApi();
  return useQuery({ queryKey: inboxKeys.connections, queryFn: () => fetchConnections(api), staleTime: 60_000 });
}

/** Taking a waiting conversation from the list (Enter, seed 002): the first claim wins. */
export function useClaim() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => runAction(api, id, { kind: "claim" }),
    onSuccess: (conversation) => {
      queryClient.setQueryData(conversationKeys.one(conversation.conversation_id), conversation);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
        queryClient.invalidateQueries({ queryKey: inboxKeys.counts }),
      ]);
    },
  });
}
