import { useTranslation } from "react-i18next";
import { ApiError } from "../../../api/client";
import type { TranslationToggle } from "../hooks/useConversation";

export function TranslationSwitch({ toggle }: { toggle: TranslationToggle }) {
  const { t } = useTranslation();
  const notOffered = toggle.error instanceof ApiError && toggle.error.status === 501;
  return (
    <div className="translation-switch">
      <label className="check">
        <input type="checkbox" role="switch" checked={toggle.on} onChange={(e) => toggle.setOn(e.target.checked)} /> {t("conversation.showTranslation")}
      </label>
      {toggle.unavailable && (
        <p role="status" className="muted">
          {t(notOffered ? "conversation.translationUnavailable" : "conversation.translationFailed")}
        </p>
      )}
    </div>
  );
}
