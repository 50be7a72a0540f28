import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../app/ConfigContext";
import { POLL_MS } from "../../inbox/hooks/useInbox";
import { agentsKey, fetchAgents } from "../api/agents";

export function useAgents() {
  const api = useApi();
  return useQuery({ queryKey: agentsKey, queryFn: () => fetchAgents(api), refetchInterval: POLL_MS * 10 });
}
