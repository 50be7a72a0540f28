import { useTranslation } from "react-i18next";
import { splitDuration } from "../../../lib/format";

/** The side panel's "Time left to respond" line. */
export function TimeLeftText({ seconds }: { seconds: number | null }) {
  const { t } = useTranslation();
  const left = splitDuration(seconds);
  if (!left || seconds === null) return null;
  return (
    <p className="time-left-text">
      {t("conversation.timeLeftLabel")}: {seconds <= 0 ? t("inbox.overdue") : t("conversation.duration", left)}
    </p>
  );
}
