import { unwrap, type ApiClient } from "../../../api/client";
import type { Agent, Role } from "../../../api/types";

export const agentsKey = ["agents"] as const;

export const fetchAgents = async (api: ApiClient) => (await unwrap<{ items: Agent[] }>(api.GET("/agents"))).items;

export interface Invitation {
  email: string;
  nickname: string;
  role: Role;
  capacity: number;
}

/** POST /agents adds the agent and the user pool emails them a temporary password. */
export const inviteAgent = (api: ApiClient, invitation: Invitation) => unwrap<Agent>(api.POST("/agents", { body: invitation }));
