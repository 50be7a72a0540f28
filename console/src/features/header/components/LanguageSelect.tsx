import { useId } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, changeLanguage } from "../../../i18n";

/** `compact`: the label is read by screen readers but not shown (the header is crowded). */
export function LanguageSelect({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <span className="language">
      <label htmlFor={id} className={compact ? "visually-hidden" : undefined}>
        {t("language.label")}
      </label>
      <select id={id} value={i18n.resolvedLanguage} onChange={(event) => changeLanguage(event.target.value)}>
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.label}
          </option>
        ))}
      </select>
    </span>
  );
}
