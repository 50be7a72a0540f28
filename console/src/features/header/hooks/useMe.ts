import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../app/ConfigContext";
import type { Agent } from "../../../api/types";
import { fetchMe, meKey, putAccepting } from "../api/me";

export function useMe() {
  const api = useApi();
  return useQuery({ queryKey: meKey, queryFn: () => fetchMe(api), staleTime: 30_000 });
}

export function useSetAccepting() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (accepting: boolean) => putAccepting(api, accepting),
    // Optimistic: the switch moves at once; a refusal puts the server's value back.
    onMutate: (accepting: boolean) => {
      const before = queryClient.getQueryData<Agent>(meKey);
      if (before) queryClient.setQueryData(meKey, { ...before, accepting });
      return before;
    },
    onError: (_error, _accepting, before) => queryClient.setQueryData(meKey, before),
    onSuccess: (agent: Agent) => queryClient.setQueryData(meKey, agent),
  });
}

export const isSupervising = (agent: Agent | undefined) => agent?.role === "owner" || agent?.role === "supervisor";
