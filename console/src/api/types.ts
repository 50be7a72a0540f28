// The API's shapes, named for the console: each an alias of the generated schema.d.ts
// (`make console-api` regenerates it from the live /openapi.json), so a change to the API
// that the console does not follow fails `tsc`, not the person using the page.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Role = Schemas["Role"];
export type Agent = Schemas["AgentOut"];
export type AgentList = Schemas["AgentList"];

export type ConversationStatus = Schemas["Status"];
export type CloseReason = Schemas["CloseReason"];
export type Channel = Schemas["Channel"];
export type Contact = Schemas["ContactOut"];
export type Conversation = Schemas["ConversationOut"];
export type ConversationPage = Schemas["ConversationPage"];
export type Refund = Schemas["RefundOut"];
export type WorkItem = Schemas["WorkItemOut"];
export type Escalation = Schemas["EscalationOut"];

export type Tag = Schemas["TagOut"];
export type TagList = Schemas["TagList"];
export type Template = Schemas["TemplateOut"];
export type TemplateList = Schemas["TemplateList"];

export type ServiceReport = Schemas["ServiceReportOut"];

export type FilterCounts = Schemas["FilterCounts"];
export type FilterName = keyof FilterCounts;
export type InboxCounts = Schemas["InboxCounts"];
export type ConnectionCounts = Schemas["ConnectionCounts"];
export type StoreCounts = Schemas["StoreCounts"];
export type Connection = Schemas["ConnectionOut"];

export type Message = Schemas["MessageOut"];
export type MessageDirection = Message["direction"];
export type MessagePage = Schemas["MessagePage"];
export type Attachment = Schemas["AttachmentOut"];
export type AttachmentRef = Schemas["AttachmentRef"];
export type Upload = Schemas["UploadOut"];
export type DraftTranslation = Schemas["DraftTranslationOut"];

/** An order item as the marketplace sends it (API.md webhook body). */
export interface OrderItem {
  item_id: string;
  name: string;
  price?: number | null;
}

/** The API passes the marketplace's order through untyped (`{[key]: unknown}`); `orderOf` reads
 * the part of it the contract names, and nothing else. */
export interface Order {
  id: string;
  created_at?: string | null;
  items: OrderItem[];
}

export function orderOf(conversation: Pick<Conversation, "order">): Order | null {
  const raw = conversation.order;
  if (!raw || typeof raw.id !== "string") return null;
  const items = Array.isArray(raw.items) ? raw.items.filter(isOrderItem) : [];
  return { id: raw.id, created_at: typeof raw.created_at === "string" ? raw.created_at : null, items };
}

function isOrderItem(value: unknown): value is OrderItem {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Record<string, unknown>;
  return typeof item.item_id === "string" && typeof item.name === "string";
}

/** What `GET /config.json` answers (API.md additions); served beside the API, not part of /openapi.json. */
export interface ConsoleConfig {
  api_url: string;
  /** Where channels post their events (the ingest function's URL in AWS); null from a stack deployed before it had one. */
  webhook_url: string | null;
  websocket_url: string | null;
  user_pool_id: string;
  user_pool_client_id: string;
  cognito_endpoint: string;
  region: string;
}
