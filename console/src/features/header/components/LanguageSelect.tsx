import { useId } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, changeLanguage } from "../../../i18n";

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <span className="language">
      <label htmlFor={id}>{t("language.label")}</label>
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
