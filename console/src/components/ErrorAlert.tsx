import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";

/** An error answer in words: the API's code translated when the console knows it, else the API's
 * own message (it says what a person can act on), else a generic line. */
export function errorText(error: unknown, t: (key: string, options?: Record<string, unknown>) => string, fallbackKey = "errors.actionFailed"): string {
  if (error instanceof ApiError) return t(`errors.code.${error.code}`, { defaultValue: error.message || t(fallbackKey) });
  return t(fallbackKey);
}

export function ErrorAlert({ error, fallbackKey }: { error: unknown; fallbackKey?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {errorText(error, t, fallbackKey)}
    </p>
  );
}
