import { useTranslation } from "react-i18next";
import { splitDuration } from "../../../lib/format";

/** "3h 20m left to respond", or "Overdue" once the deadline passed. */
export function TimeLeft({ seconds }: { seconds: number | null }) {
  const { t } = useTranslation();
  const left = splitDuration(seconds);
  if (!left || seconds === null) return null;
  if (seconds <= 0) return <span className="time-left overdue">{t("inbox.overdue")}</span>;
  return <span className="time-left">{t("inbox.timeLeft", left)}</span>;
}
