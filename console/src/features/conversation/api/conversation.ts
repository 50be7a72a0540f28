import { unwrap, type ApiClient } from "../../../api/client";
import type { Agent, AgentList, AttachmentRef, Conversation, DraftTranslation, Message, MessagePage, Tag, Template, TemplateList, Upload } from "../../../api/types";

export const conversationKeys = {
  one: (id: string) => ["conversation", id] as const,
  messages: (id: string, translateTo: string | null = null) => ["conversation", id, "messages", translateTo] as const,
  allMessages: (id: string) => ["conversation", id, "messages"] as const,
  templates: ["templates"] as const,
  team: ["conversation", "team"] as const,
};

const at = (id: string) => ({ params: { path: { conversation_id: id } } });

export const fetchConversation = (api: ApiClient, id: string) => unwrap<Conversation>(api.GET("/conversations/{conversation_id}", at(id)));

/** The newest page of messages; with `translateTo`, the contact's messages carry a translation into it. */
export const fetchMessages = (api: ApiClient, id: string, translateTo: string | null = null, cursor: string | null = null) =>
  unwrap<MessagePage>(
    api.GET("/conversations/{conversation_id}/messages", {
      params: { path: { conversation_id: id }, query: { ...(translateTo ? { translate_to: translateTo } : {}), ...(cursor ? { cursor } : {}) } },
    }),
  );

/** An item or order card a reply carries, where the conversation's channel has them (its `cards`). */
export interface Card {
  kind: "item" | "order";
  id: string;
}

export interface Reply {
  text: string;
  card?: Card | null;
  resolve: boolean;
  templateId?: string | null;
  language?: string | null;
  internal?: boolean;
  attachments?: AttachmentRef[];
}

export const postReply = (api: ApiClient, id: string, { text, resolve, templateId, language, internal, attachments, card }: Reply) =>
  unwrap<Message>(
    api.POST("/conversations/{conversation_id}/messages", {
      ...at(id),
      body: {
        ...(text ? { text } : {}),
        resolve,
        ...(templateId ? { template_id: templateId } : {}),
        ...(language ? { language } : {}),
        ...(internal ? { internal: true } : {}),
        ...(attachments?.length ? { attachments } : {}),
        ...(card ? { card } : {}),
      },
    }),
  );

export const retryMessage = (api: ApiClient, id: string, messageId: string) =>
  unwrap<Message>(api.POST("/conversations/{conversation_id}/messages/{message_id}/retry", { params: { path: { conversation_id: id, message_id: messageId } } }));

export const fetchTemplates = async (api: ApiClient) => (await unwrap<TemplateList>(api.GET("/templates"))).items as Template[];

export const fetchAgents = async (api: ApiClient) => (await unwrap<AgentList>(api.GET("/agents"))).items as Agent[];

export const markRead = (api: ApiClient, id: string) => unwrap<Conversation>(api.POST("/conversations/{conversation_id}/read", at(id)));

/** A pre-signed S3 PUT for one file (API.md uploads). */
export const createUpload = (api: ApiClient, file: File) =>
  unwrap<Upload>(api.POST("/uploads", { body: { file_name: file.name, content_type: file.type || "application/octet-stream", size: file.size } }));

/** The agent's draft in another language (501 where the installation has no translation service). */
export const translateDraft = (api: ApiClient, text: string, targetLanguage: string) =>
  unwrap<DraftTranslation>(api.POST("/translate", { body: { text, target_language: targetLanguage } }));

/** Every member may create tags (API.md additions). */
export const createTag = (api: ApiClient, name: string) => unwrap<Tag>(api.POST("/tags", { body: { name } }));

/** Everything an agent can do to a conversation that answers with the conversation (API.md). */
export type Action =
  | { kind: "claim" }
  | { kind: "assign"; agentId: string }
  | { kind: "transfer"; nickname: string }
  | { kind: "end" }
  | { kind: "close" }
  | { kind: "refund"; itemIds: string[] }
  | { kind: "reopen" }
  | { kind: "appeal"; note: string }
  | { kind: "decline"; text: string }
  | { kind: "flag" }
  | { kind: "unflag" }
  | { kind: "tag"; tagId: string; applied: boolean }
  | { kind: "block"; contactId: string };

export function runAction(api: ApiClient, id: string, action: Action): Promise<Conversation> {
  switch (action.kind) {
    case "claim":
      return unwrap(api.POST("/conversations/{conversation_id}/claim", at(id)));
    case "assign":
      return unwrap(api.POST("/conversations/{conversation_id}/assign", { ...at(id), body: { agent_id: action.agentId } }));
    case "transfer":
      return unwrap(api.POST("/conversations/{conversation_id}/transfer", { ...at(id), body: { nickname: action.nickname } }));
    case "end":
      return unwrap(api.POST("/conversations/{conversation_id}/end", at(id)));
    case "close":
      return unwrap(api.POST("/conversations/{conversation_id}/close", { ...at(id), body: { reason: "resolved" } }));
    case "refund":
      return unwrap(api.POST("/conversations/{conversation_id}/close", { ...at(id), body: { reason: "refunded", refund_item_ids: action.itemIds } }));
    case "reopen":
      return unwrap(api.POST("/conversations/{conversation_id}/reopen", at(id)));
    case "appeal":
      return unwrap(api.POST("/conversations/{conversation_id}/appeal", { ...at(id), body: { note: action.note } }));
    case "decline":
      return unwrap(api.POST("/conversations/{conversation_id}/decline", { ...at(id), body: { text: action.text } }));
    case "flag":
      return unwrap(api.PUT("/conversations/{conversation_id}/flag", at(id)));
    case "unflag":
      return unwrap(api.DELETE("/conversations/{conversation_id}/flag", at(id)));
    case "tag": {
      const path = { params: { path: { conversation_id: id, tag_id: action.tagId } } };
      return unwrap(action.applied ? api.PUT("/conversations/{conversation_id}/tags/{tag_id}", path) : api.DELETE("/conversations/{conversation_id}/tags/{tag_id}", path));
    }
    case "block":
      return unwrap(api.POST("/contacts/{contact_id}/block", { params: { path: { contact_id: action.contactId } } }));
  }
}
