import { unwrap, type ApiClient } from "../../../api/client";
import type { AgentChanges, Invitation, TeamMember } from "./types";

export const agentsKey = ["agents"] as const;

export const fetchAgents = async (api: ApiClient) => (await unwrap<{ items: TeamMember[] }>(api.GET("/agents"))).items;

/** POST /agents adds the agent and the user pool emails them a temporary password. */
export const inviteAgent = (api: ApiClient, invitation: Invitation) => unwrap<TeamMember>(api.POST("/agents", { body: invitation }));

/** PATCH /agents/{id}: only owners may send `role` (API.md); a supervisor's form leaves it out. */
export const changeAgent = (api: ApiClient, agentId: string, changes: AgentChanges) =>
  unwrap<TeamMember>(api.PATCH("/agents/{agent_id}", { params: { path: { agent_id: agentId } }, body: changes }));

/** "pre-sales, vip" -> ["pre-sales", "vip"]: groups and bound pages are typed as one comma-separated line. */
export const splitLabels = (text: string): string[] =>
  text
    .split(",")
    .map((label) => label.trim())
    .filter((label) => label !== "");
