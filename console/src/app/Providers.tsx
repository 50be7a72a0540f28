import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import { createApiClient } from "../api/client";
import type { ConsoleConfig } from "../api/types";
import { session } from "../features/auth/session";
import { ApiContext, ConfigContext } from "./ConfigContext";

export function Providers({ config, queryClient, children }: { config: ConsoleConfig; queryClient: QueryClient; children: ReactNode }) {
  const api = useMemo(
    () =>
      createApiClient({
        baseUrl: config.api_url,
        token: session.idToken,
        onUnauthorized: () => {
          session.clear();
          queryClient.clear();
        },
      }),
    [config.api_url, queryClient],
  );
  return (
    <ConfigContext.Provider value={config}>
      <ApiContext.Provider value={api}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </ApiContext.Provider>
    </ConfigContext.Provider>
  );
}
