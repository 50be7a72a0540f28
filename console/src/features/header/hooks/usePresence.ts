import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useApi } from "../../../app/ConfigContext";
import type { Agent } from "../../../api/types";
import { meKey, postOfflineOnUnload, postPresence } from "../api/me";
import { useMe } from "./useMe";

/** API.md: without a heartbeat for 120 s an agent counts as offline; the page beats every 60 s. */
export const HEARTBEAT_MS = 60_000;

export type Presence = "connecting" | "online" | "offline";

/** Keeps the signed-in agent online while the page is open, and offline once it closes. */
export function usePresence(): Presence {
  const api = useApi();
  const queryClient = useQueryClient();
  const beat = useMutation({
    mutationFn: (online: boolean) => postPresence(api, online),
    onSuccess: (agent: Agent) => queryClient.setQueryData(meKey, agent),
  });
  const { mutate } = beat;

  useEffect(() => {
    mutate(true);
    const timer = window.setInterval(() => mutate(true), HEARTBEAT_MS);
    const onPageHide = () => void postOfflineOnUnload(api);
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) mutate(true); // back from the back/forward cache
    };
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("pageshow", onPageShow);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
    };
  }, [api, mutate]);

  const me = useMe();
  if (beat.isError) return "offline";
  return me.data?.online ? "online" : "connecting";
}
