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
    onSuccess: (agent: Agent) => queryClient.setQueryData(meKey, agent),
  });
}

export const isSupervising = (agent: Agent | undefined) => agent?.role === "owner" || agent?.role === "supervisor";
