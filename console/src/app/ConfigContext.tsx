import { createContext, useContext } from "react";
import type { ApiClient } from "../api/client";
import type { ConsoleConfig } from "../api/types";

export const ConfigContext = createContext<ConsoleConfig | null>(null);
export const ApiContext = createContext<ApiClient | null>(null);

export function useConfig(): ConsoleConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error("useConfig outside <App>");
  return config;
}

/** The one API client (hooks call it; components never do). */
export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside <App>");
  return api;
}
