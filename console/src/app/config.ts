import type { ConsoleConfig } from "../api/types";

/** What the console needs to start (API.md: `GET /config.json`), read once before rendering. */
export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch("/config.json", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`GET /config.json answered ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}
