import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import { useApi } from "../../../app/ConfigContext";
import type { Conversation, Message, MessagePage } from "../../../api/types";
import { inboxKeys } from "../../inbox/api/inbox";
import { POLL_MS } from "../../inbox/hooks/useInbox";
import {
  conversationKeys,
  createTag,
  fetchAgents,
  fetchConversation,
  fetchMessages,
  fetchTemplates,
  markRead,
  postReply,
  retryMessage,
  runAction,
  translateDraft,
  type Action,
  type Reply,
} from "../api/conversation";

export function useConversation(id: string) {
  const api = useApi();
  return useQuery({ queryKey: conversationKeys.one(id), queryFn: () => fetchConversation(api, id), refetchInterval: POLL_MS });
}

/** The messages; with `translateTo`, the contact's messages carry their translation into that language. */
export function useMessages(id: string, translateTo: string | null = null) {
  const api = useApi();
  return useQuery({
    queryKey: conversationKeys.messages(id, translateTo),
    queryFn: () => fetchMessages(api, id, translateTo),
    refetchInterval: POLL_MS,
  });
}

/** Show translation: the contact's messages in the agent's language. Asked less often than the
 * thread itself (each ask is a paid translation), never retried once refused (the local stack has
 * no translation service: 501), and kept apart so the thread shows at once in the original. */
export function useTranslationToggle(id: string) {
  const api = useApi();
  const { i18n } = useTranslation();
  const [on, setOn] = useState(false);
  const language = i18n.language;
  const translated = useQuery({
    queryKey: conversationKeys.messages(id, language),
    queryFn: () => fetchMessages(api, id, language),
    enabled: on,
    retry: false,
    refetchInterval: (query) => (query.state.status === "error" ? false : POLL_MS * 4),
  });
  const items = translated.data?.items;
  const byMessage = useMemo(() => {
    if (!on || !items) return null;
    const texts = new Map<string, string>();
    for (const message of items) {
      const text = message.translation?.text;
      if (message.direction === "in" && text && text !== message.text) texts.set(message.message_id, text);
    }
    return texts;
  }, [on, items]);
  return { on, setOn, byMessage, unavailable: on && translated.isError, error: translated.error };
}

export type TranslationToggle = ReturnType<typeof useTranslationToggle>;

/** Everything a change to one conversation can move: itself, its messages, the lists and badges. */
function useRefresh(id: string) {
  const queryClient = useQueryClient();
  return (conversation?: Conversation) => {
    if (conversation) queryClient.setQueryData(conversationKeys.one(id), conversation);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: conversationKeys.one(id) }),
      queryClient.invalidateQueries({ queryKey: conversationKeys.allMessages(id) }),
      queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
      queryClient.invalidateQueries({ queryKey: inboxKeys.counts }),
    ]);
  };
}

export function useReply(id: string) {
  const api = useApi();
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (reply: Reply) => postReply(api, id, reply),
    onSuccess: () => refresh(),
    // The channel's window closed (or another app took the thread) while the page was open: read the conversation
    // again, so the reply box says so.
    onError: (error) => {
      if (error instanceof ApiError && (error.code === "outside_messaging_window" || error.code === "thread_controlled_by_other_app")) refresh();
    },
  });
}

export function useRetryMessage(id: string) {
  const api = useApi();
  const refresh = useRefresh(id);
  return useMutation({ mutationFn: (messageId: string) => retryMessage(api, id, messageId), onSuccess: () => refresh() });
}

export function useConversationAction(id: string) {
  const api = useApi();
  const refresh = useRefresh(id);
  return useMutation({ mutationFn: (action: Action) => runAction(api, id, action), onSuccess: (conversation) => refresh(conversation) });
}

export function useTemplates() {
  const api = useApi();
  return useQuery({ queryKey: conversationKeys.templates, queryFn: () => fetchTemplates(api), staleTime: 60_000 });
}

/** The team, for assigning and for the nickname suggestions of Transfer. */
export function useTeam() {
  const api = useApi();
  return useQuery({ queryKey: conversationKeys.team, queryFn: () => fetchAgents(api), staleTime: 60_000 });
}

/** Opening an unread conversation marks it read (once per opening). */
export function useMarkRead(conversation: Conversation | undefined) {
  const api = useApi();
  const refresh = useRefresh(conversation?.conversation_id ?? "");
  const { mutate } = useMutation({ mutationFn: (id: string) => markRead(api, id), onSuccess: (c) => refresh(c) });
  const unreadId = conversation?.unread ? conversation.conversation_id : null;
  useEffect(() => {
    if (unreadId) mutate(unreadId);
  }, [unreadId, mutate]);
}

export function useTranslateDraft() {
  const api = useApi();
  return useMutation({ mutationFn: ({ text, language }: { text: string; language: string }) => translateDraft(api, text, language) });
}

/** A new tag, created and applied to the conversation in one go. */
export function useCreateTag(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: async (name: string) => runAction(api, id, { kind: "tag", tagId: (await createTag(api, name)).tag_id, applied: true }),
    onSuccess: (conversation) => Promise.all([refresh(conversation), queryClient.invalidateQueries({ queryKey: inboxKeys.tags })]),
  });
}

/** The thread: the polled newest page, after the older pages the agent asked for (Show older
 * messages), each message once even when the newest page has moved on since. */
export function useThread(id: string, newest: MessagePage | undefined) {
  const api = useApi();
  const [older, setOlder] = useState<{ items: Message[]; cursor: string | null } | null>(null);
  const cursor = older ? older.cursor : (newest?.next_cursor ?? null);
  const load = useMutation({
    mutationFn: () => fetchMessages(api, id, null, cursor),
    onSuccess: (page) => setOlder((before) => ({ items: [...page.items, ...(before?.items ?? [])], cursor: page.next_cursor })),
  });
  const messages = useMemo(() => {
    const recent = newest?.items ?? [];
    const seen = new Set(recent.map((m) => m.message_id));
    return [...(older?.items ?? []).filter((m) => !seen.has(m.message_id)), ...recent];
  }, [older, newest]);
  return { messages, hasOlder: cursor !== null, loadOlder: () => load.mutate(), loading: load.isPending, error: load.error };
}
