import type { Conversation } from "../api/types";

export const conversation = (changes: Partial<Conversation> = {}): Conversation => ({
  conversation_id: "cv_1",
  connection_id: "cn_1",
  channel: "web",
  contact: { contact_id: "ct_1", name: "Lan Nguyen", store_name: "Lan Shop", store_url: null, language: "vi", blocked: false },
  status: "open",
  close_reason: null,
  assignee_id: "ag_1",
  tags: [],
  flagged: false,
  unread: false,
  unreplied: false,
  waiting_since: null,
  last_message_at: "2026-11-22T10:00:00Z",
  last_message_preview: "Is size M in stock?",
  expiring: false,
  time_left_to_respond_seconds: null,
  category: null,
  created_at: "2026-11-22T10:00:00Z",
  closed_at: null,
  ...changes,
});
