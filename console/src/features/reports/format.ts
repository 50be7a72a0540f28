// How a report's numbers read: percentages in the console's language, minutes, "no data" for null.

export const formatPercent = (value: number | null | undefined, language: string): string | null =>
  value == null ? null : new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 1 }).format(value);

export const roundMinutes = (seconds: number | null | undefined): number | null => (seconds == null ? null : Math.round(seconds / 60));

/** "16 Nov" style short day of a UTC day key (yyyy-mm-dd), in the console's language. */
export const formatDay = (day: string, language: string): string =>
  new Intl.DateTimeFormat(language, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
