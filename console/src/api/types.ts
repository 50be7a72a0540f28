// Response shapes of the HTTP contract (API.md). The OpenAPI document describes request
// bodies and parameters (schema.d.ts) but not yet these responses; once it does, these
// become aliases of components["schemas"][...] after `make console-api`.

export type Role = "agent" | "supervisor" | "owner";

export interface Agent {
  agent_id: string;
  email: string;
  nickname: string;
  role: Role;
  accepting: boolean;
  online: boolean;
  capacity: number;
  load: number;
}

export type ConversationStatus = "unassigned" | "open" | "awaiting_customer" | "escalated" | "closed";

export interface Contact {
  contact_id: string;
  name: string | null;
  store_name: string | null;
  store_url: string | null;
  language: string | null;
  blocked: boolean;
}

export interface Conversation {
  conversation_id: string;
  connection_id: string;
  channel: string;
  contact: Contact;
  status: ConversationStatus;
  close_reason: string | null;
  assignee_id: string | null;
  tags: Tag[];
  flagged: boolean;
  unread: boolean;
  unreplied: boolean;
  waiting_since: string | null;
  last_message_at: string | null;
  last_message_preview: string | null;
  expiring: boolean;
  time_left_to_respond_seconds: number | null;
  category: string | null;
  issue_type: string | null;
  ticket_id: string | null;
  order: Order | null;
  created_at: string;
  closed_at: string | null;
}

export interface Order {
  id: string;
  created_at?: string | null;
  items?: { item_id: string; name: string; price?: number | null }[];
}

export interface Tag {
  tag_id: string;
  name: string;
}

export interface Template {
  template_id: string;
  name: string;
  texts: Record<string, string>;
}

export interface ServiceReport {
  response_rate_24h: number | null;
  late_response_rate: number | null;
  csat: number | null;
  received_today: number;
  first_response_seconds_median: number | null;
  health: "normal" | "watch" | "at_risk";
  days: number;
}

export type FilterName = "unread" | "unreplied" | "expiring" | "flagged";
export type FilterCounts = Record<FilterName, number>;

export interface ConversationPage {
  items: Conversation[];
  next_cursor: string | null;
  counts: FilterCounts;
}

export type MessageDirection = "in" | "out" | "system" | "note";
export type MessageStatus = "received" | "queued" | "sent" | "delivered" | "failed" | "read";

export interface Attachment {
  type?: string;
  url?: string;
  name?: string;
}

export interface Message {
  message_id: string;
  direction: MessageDirection;
  text: string | null;
  attachments: Attachment[];
  author_id: string | null;
  status: MessageStatus;
  created_at: string;
}

export interface MessagePage {
  items: Message[];
  next_cursor: string | null;
}

export interface InboxCounts {
  connections: { connection_id: string; unread: number; queued: number }[];
  tickets: Record<string, number>;
  mine: FilterCounts;
}

export interface ConsoleConfig {
  api_url: string;
  websocket_url: string | null;
  user_pool_id: string;
  user_pool_client_id: string;
  cognito_endpoint: string;
  region: string;
}
