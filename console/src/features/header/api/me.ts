import { unwrap, type ApiClient } from "../../../api/client";
import type { Agent } from "../../../api/types";

export const meKey = ["me"] as const;

export const fetchMe = (api: ApiClient) => unwrap<Agent>(api.GET("/me"));

export const putAccepting = (api: ApiClient, accepting: boolean) => unwrap<Agent>(api.PUT("/me/status", { body: { accepting } }));

export const postPresence = (api: ApiClient, online: boolean) => unwrap<Agent>(api.POST("/me/presence", { body: { online } }));

/** Sent while the page unloads: `keepalive` lets the request outlive the page. */
export const postOfflineOnUnload = (api: ApiClient) => api.POST("/me/presence", { body: { online: false }, keepalive: true });
