import { useEffect, useSyncExternalStore } from "react";
import { useConfig } from "../../../app/ConfigContext";
import { CognitoError, renew } from "../api/cognito";
import { session } from "../session";

export function useSession() {
  return useSyncExternalStore(session.subscribe, session.get);
}

/** Renews the ID token shortly before it expires (REFRESH_TOKEN_AUTH), all day long. */
export const RENEW_BEFORE_MS = 5 * 60 * 1000;
const RETRY_MS = 30 * 1000;

export function useSessionRenewal(): void {
  const tokens = useSession();
  const config = useConfig();
  useEffect(() => {
    if (!tokens) return;
    const settings = { endpoint: config.cognito_endpoint, clientId: config.user_pool_client_id };
    const due = Math.max(tokens.expiresAt - RENEW_BEFORE_MS - Date.now(), 0);
    const timer = window.setTimeout(() => {
      renew(settings, tokens.refreshToken).then(session.set, (error: unknown) => {
        // A refused refresh token ends the session; a network blip is retried.
        if (error instanceof CognitoError && error.type === "NotAuthorizedException") session.clear();
        else if (session.get() === tokens) session.set({ ...tokens, expiresAt: Date.now() + RENEW_BEFORE_MS + RETRY_MS });
      });
    }, due);
    return () => window.clearTimeout(timer);
  }, [tokens, config]);

  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === "switchboard.session") session.reload();
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);
}
