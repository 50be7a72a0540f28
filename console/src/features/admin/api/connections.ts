import { unwrap, type ApiClient } from "../../../api/client";
import type { Channel, Connection, ConnectionChanges, NewConnection, Rule } from "./types";

export const connectionsKey = ["connections"] as const;
export const rulesKey = ["rules"] as const;

export const CHANNELS: readonly Channel[] = ["zalo", "messenger", "web", "partner", "marketplace", "wish", "shopee", "lazada", "tiktok_shop"];

/** Each channel's credentials (API.md, "Channel connections"), in the order its form asks for them. */
export const CREDENTIALS: Record<Channel, readonly { key: string; secret: boolean }[]> = {
  zalo: [
    { key: "app_id", secret: false },
    { key: "oa_secret_key", secret: true },
    { key: "access_token", secret: true },
  ],
  messenger: [
    { key: "app_secret", secret: true },
    { key: "verify_token", secret: true },
    { key: "page_access_token", secret: true },
  ],
  web: [{ key: "signing_secret", secret: true }],
  partner: [{ key: "signing_secret", secret: true }],
  marketplace: [{ key: "signing_secret", secret: true }],
  // Wish: the app's client id and secret, and the code Wish's authorize page sent (exchanged for tokens once).
  wish: [
    { key: "client_id", secret: false },
    { key: "client_secret", secret: true },
    { key: "code", secret: true },
  ],
  // Shopee: the app's partner id and key (client id and secret), the shop and the code of Shopee's authorize redirect.
  shopee: [
    { key: "client_id", secret: false },
    { key: "client_secret", secret: true },
    { key: "shop_id", secret: false },
    { key: "code", secret: true },
  ],
  // Lazada: the app's App Key and App Secret (it also signs Lazada's pushes), and the code of its authorize page.
  lazada: [
    { key: "client_id", secret: false },
    { key: "client_secret", secret: true },
    { key: "code", secret: true },
  ],
  // TikTok Shop: the app's key and secret (client id and secret), the shop and the auth code of its authorize page.
  tiktok_shop: [
    { key: "client_id", secret: false },
    { key: "client_secret", secret: true },
    { key: "shop_id", secret: false },
    { key: "code", secret: true },
  ],
};

export const fetchConnections = async (api: ApiClient) => (await unwrap<{ items: Connection[] }>(api.GET("/connections"))).items;
export const fetchRules = async (api: ApiClient) => (await unwrap<{ items: Rule[] }>(api.GET("/rules"))).items;

export const connectChannel = (api: ApiClient, body: NewConnection) => unwrap<Connection>(api.POST("/connections", { body }));

/** New credentials reconnect it: `connected_at` and `connected_by` become now and the caller (API.md). */
export const changeConnection = (api: ApiClient, connectionId: string, changes: ConnectionChanges) =>
  unwrap<Connection>(api.PATCH("/connections/{connection_id}", { params: { path: { connection_id: connectionId } }, body: changes }));

export const disconnectChannel = (api: ApiClient, connectionId: string) =>
  unwrap<Connection>(api.DELETE("/connections/{connection_id}", { params: { path: { connection_id: connectionId } } }));

/** Where the channel posts its events: the stack's webhook URL (config.json, the API's on a stack without one) and the connection's path. */
export const webhookUrl = (baseUrl: string, connection: Connection) => `${baseUrl.replace(/\/$/, "")}${connection.webhook_path}`;
