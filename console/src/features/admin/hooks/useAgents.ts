import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../app/ConfigContext";
import { POLL_MS } from "../../inbox/hooks/useInbox";
import { agentsKey, changeAgent, fetchAgents, inviteAgent } from "../api/agents";
import type { AgentChanges, Invitation } from "../api/types";

export function useAgents(enabled = true) {
  const api = useApi();
  // Online and load change as people work: a slow poll keeps the team page current.
  return useQuery({ queryKey: agentsKey, queryFn: () => fetchAgents(api), refetchInterval: POLL_MS * 10, enabled });
}

export function useInviteAgent() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitation: Invitation) => inviteAgent(api, invitation),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentsKey }),
  });
}

export function useChangeAgent(agentId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: AgentChanges) => changeAgent(api, agentId, changes),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentsKey }),
  });
}
