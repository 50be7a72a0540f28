import type { QueryKey } from "@tanstack/react-query";
import { agentsKey } from "../../admin/api/agents";
import { conversationKeys } from "../../conversation/api/conversation";
import { meKey } from "../../header/api/me";
import { inboxKeys } from "../../inbox/api/inbox";

/** What the WebSocket sends (API.md, "Live updates"). */
export interface LiveEvent {
  /** The same when the server sends an event again (a retried batch): applied once. */
  id: string | null;
  type: string;
  conversation_id: string | null;
  data: Record<string, unknown>;
}

export function parseEvent(text: string): LiveEvent | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || typeof (value as LiveEvent).type !== "string") return null;
    const event = value as LiveEvent;
    return {
      id: typeof event.id === "string" && event.id ? event.id : null,
      type: event.type,
      conversation_id: event.conversation_id ?? null,
      data: event.data ?? {},
    };
  } catch {
    return null;
  }
}

/**
 * Whether an event is new: the ids of the last `remembered` events are kept, so one sent again (the server
 * retried a batch) is told apart; an event without an id is always new.
 */
export function firstSight(remembered = 500): (event: LiveEvent) => boolean {
  const seen = new Set<string>();
  return (event) => {
    if (event.id === null) return true;
    if (seen.has(event.id)) return false;
    seen.add(event.id);
    if (seen.size > remembered) seen.delete(seen.values().next().value as string);
    return true;
  };
}

/** The cached queries an event makes stale: the ones it names, read again from the API. */
export function staleKeys(event: LiveEvent): QueryKey[] {
  const id = event.conversation_id;
  switch (event.type) {
    case "conversation.created":
    case "conversation.updated":
      return [inboxKeys.all, inboxKeys.counts, ...(id ? [conversationKeys.one(id)] : [])];
    case "message.created":
    case "message.updated":
      return [inboxKeys.all, ...(id ? [conversationKeys.one(id), conversationKeys.messages(id)] : [])];
    case "counts.changed":
      return [inboxKeys.counts];
    case "agent.updated":
      return [agentsKey, meKey];
    default:
      return [];
  }
}

/** Reconnecting: 1 s, 2 s, 4 s ... at most 30 s, with jitter so a restarted server is not met by every tab at once. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function socketUrl(websocketUrl: string, idToken: string): string {
  const separator = websocketUrl.includes("?") ? "&" : "?";
  return `${websocketUrl}${separator}token=${encodeURIComponent(idToken)}`;
}
