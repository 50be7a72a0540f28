import { unwrap, type ApiClient } from "../../../api/client";
import type { Agent } from "../../../api/types";

export const agentsKey = ["agents"] as const;

export const fetchAgents = async (api: ApiClient) => (await unwrap<{ items: Agent[] }>(api.GET("/agents"))).items;
