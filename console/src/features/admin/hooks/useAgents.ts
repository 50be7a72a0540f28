import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../app/ConfigContext";
import { POLL_MS } from "../../inbox/hooks/useInbox";
import { agentsKey, fetchAgents, inviteAgent, type Invitation } from "../api/agents";

export function useAgents() {
  const api = useApi();
  return useQuery({ queryKey: agentsKey, queryFn: () => fetchAgents(api), refetchInterval: POLL_MS * 10 });
}

export function useInviteAgent() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitation: Invitation) => inviteAgent(api, invitation),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agentsKey }),
  });
}
