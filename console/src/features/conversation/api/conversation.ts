import { unwrap, type ApiClient } from "../../../api/client";
import type { Conversation, Message, MessagePage, Template } from "../../../api/types";

export const conversationKeys = {
  one: (id: string) => ["conversation", id] as const,
  messages: (id: string) => ["conversation", id, "messages"] as const,
  templates: ["templates"] as const,
};

const at = (id: string) => ({ params: { path: { conversation_id: id } } });

export const fetchConversation = (api: ApiClient, id: string) => unwrap<Conversation>(api.GET("/conversations/{conversation_id}", at(id)));

export const fetchMessages = (api: ApiClient, id: string) =>
  unwrap<MessagePage>(api.GET("/conversations/{conversation_id}/messages", at(id)));

export interface Reply {
  text: string;
  resolve: boolean;
  templateId?: string | null;
}

export const postReply = (api: ApiClient, id: string, { text, resolve, templateId }: Reply) =>
  unwrap<Message>(
    api.POST("/conversations/{conversation_id}/messages", { ...at(id), body: { text, resolve, ...(templateId ? { template_id: templateId } : {}) } }),
  );

export const fetchTemplates = async (api: ApiClient) => (await unwrap<{ items: Template[] }>(api.GET("/templates"))).items;

export const blockContact = (api: ApiClient, contactId: string) =>
  unwrap<unknown>(api.POST("/contacts/{contact_id}/block", { params: { path: { contact_id: contactId } } }));

export const markRead = (api: ApiClient, id: string) => unwrap<Conversation>(api.POST("/conversations/{conversation_id}/read", at(id)));

/** The actions of a conversation that answer with the conversation (API.md). */
export type Action = "claim" | "close" | "reopen" | "end" | "flag" | "unflag";

export function runAction(api: ApiClient, id: string, action: Action): Promise<Conversation> {
  switch (action) {
    case "claim":
      return unwrap(api.POST("/conversations/{conversation_id}/claim", at(id)));
    case "close":
      return unwrap(api.POST("/conversations/{conversation_id}/close", { ...at(id), body: { reason: "resolved" } }));
    case "reopen":
      return unwrap(api.POST("/conversations/{conversation_id}/reopen", at(id)));
    case "end":
      return unwrap(api.POST("/conversations/{conversation_id}/end", at(id)));
    case "flag":
      return unwrap(api.PUT("/conversations/{conversation_id}/flag", at(id)));
    case "unflag":
      return unwrap(api.DELETE("/conversations/{conversation_id}/flag", at(id)));
  }
}
