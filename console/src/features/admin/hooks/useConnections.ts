import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../app/ConfigContext";
import { changeConnection, connectChannel, connectionsKey, disconnectChannel, fetchConnections, fetchRules, rulesKey } from "../api/connections";
import type { ConnectionChanges, NewConnection } from "../api/types";

export function useConnections() {
  const api = useApi();
  return useQuery({ queryKey: connectionsKey, queryFn: () => fetchConnections(api) });
}

export function useRules() {
  const api = useApi();
  return useQuery({ queryKey: rulesKey, queryFn: () => fetchRules(api) });
}

/** A connection joins or leaves a rule's sources: both lists change. */
function useInvalidateChannels() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: connectionsKey }), queryClient.invalidateQueries({ queryKey: rulesKey })]);
}

export function useConnectChannel() {
  const api = useApi();
  const invalidate = useInvalidateChannels();
  return useMutation({ mutationFn: (body: NewConnection) => connectChannel(api, body), onSuccess: invalidate });
}

export function useChangeConnection(connectionId: string) {
  const api = useApi();
  const invalidate = useInvalidateChannels();
  return useMutation({ mutationFn: (changes: ConnectionChanges) => changeConnection(api, connectionId, changes), onSuccess: invalidate });
}

export function useDisconnectChannel() {
  const api = useApi();
  const invalidate = useInvalidateChannels();
  return useMutation({ mutationFn: (connectionId: string) => disconnectChannel(api, connectionId), onSuccess: invalidate });
}
