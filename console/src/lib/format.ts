// Times shown in the browser's time zone, in the console's language.

export function formatTime(iso: string | null, language: string, now: Date = new Date()): string {
  if (!iso) return "";
  const at = new Date(iso);
  const sameDay = at.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(language, sameDay ? { timeStyle: "short" } : { dateStyle: "short", timeStyle: "short" }).format(at);
}

/** Whole hours and minutes, e.g. { hours: 2, minutes: 5 }; null when nothing is due. */
export function splitDuration(seconds: number | null): { hours: number; minutes: number } | null {
  if (seconds === null) return null;
  const total = Math.max(Math.floor(seconds / 60), 0);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** A money amount with two decimals in the reader's language (the order carries no currency). */
export const formatAmount = (amount: number, language: string) =>
  new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);

/** A market (ISO 3166-1 alpha-2, e.g. VN) as the reader's language names the country; the code if it names none. */
export function marketName(code: string | null | undefined, language: string): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([language], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
