import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useConfig } from "../../../app/ConfigContext";
import { useSession } from "../../auth/hooks/useSession";
import { firstSight, parseEvent, reconnectDelay, socketUrl, staleKeys } from "../api/events";

/** "live" while the socket is open; "polling" while there is none (the queries keep their polls meanwhile). */
export type LiveStatus = "live" | "polling";

/**
 * Opens the live updates' WebSocket with the session's ID token and marks stale the queries each event
 * names, so the open list, badges and conversation are read again at once rather than at the next poll
 * (an event sent again, with an id already applied, is ignored).
 * A closed socket is opened again with a growing delay; once open again, everything is read afresh from
 * the API (events sent while it was closed are not replayed).
 */
export function useLiveUpdates(): LiveStatus {
  const { websocket_url: websocketUrl } = useConfig();
  const idToken = useSession()?.idToken ?? null;
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("polling");

  useEffect(() => {
    if (!websocketUrl || !idToken || typeof WebSocket === "undefined") return;
    let socket: WebSocket | null = null;
    let timer: number | undefined;
    let attempt = 0;
    let stopped = false;
    const isNew = firstSight();

    const open = () => {
      socket = new WebSocket(socketUrl(websocketUrl, idToken));
      socket.onopen = () => {
        if (attempt > 0) void queryClient.invalidateQueries(); // catch up on what happened while closed
        attempt = 0;
        setStatus("live");
      };
      socket.onmessage = (message: MessageEvent) => {
        const event = typeof message.data === "string" ? parseEvent(message.data) : null;
        if (!event || !isNew(event)) return; // a retried batch sends events again, with the same ids
        for (const queryKey of staleKeys(event)) void queryClient.invalidateQueries({ queryKey });
      };
      socket.onclose = () => {
        setStatus("polling");
        if (stopped) return;
        timer = window.setTimeout(open, reconnectDelay(attempt));
        attempt += 1;
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      socket?.close();
      setStatus("polling");
    };
  }, [websocketUrl, idToken, queryClient]);

  return status;
}
