// The signed-in session: tokens kept in localStorage so a reload or a new tab stays signed in.
// A tiny external store (useSyncExternalStore) rather than a state library: one value, two writers.
import type { Tokens } from "./api/cognito";

const KEY = "switchboard.session";
type Listener = () => void;

const listeners = new Set<Listener>();
let current: Tokens | null = read();

function read(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Tokens>;
    if (typeof parsed.idToken !== "string" || typeof parsed.refreshToken !== "string" || typeof parsed.expiresAt !== "number") return null;
    return { idToken: parsed.idToken, refreshToken: parsed.refreshToken, expiresAt: parsed.expiresAt };
  } catch {
    return null;
  }
}

function publish(next: Tokens | null): void {
  current = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

export const session = {
  get: (): Tokens | null => current,
  idToken: (): string | null => current?.idToken ?? null,
  set: (tokens: Tokens): void => publish(tokens),
  clear: (): void => publish(null),
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Re-read storage (another tab signed in or out). */
  reload: (): void => publish(read()),
};
