import { useLiveUpdates } from "../hooks/useLiveUpdates";

/** Keeps the live updates' socket open while someone is signed in; renders nothing. */
export function LiveUpdates() {
  useLiveUpdates();
  return null;
}
