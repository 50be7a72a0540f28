import { useTranslation } from "react-i18next";
import { LabeledSelect } from "../../../components/LabeledSelect";
import { LANGUAGES, changeLanguage } from "../../../i18n";

const CHOICES = LANGUAGES.map((language) => ({ value: language.code, label: language.label }));

/** `compact`: the label is read by screen readers but not shown (the header is crowded). */
export function LanguageSelect({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <LabeledSelect label={t("language.label")} value={i18n.resolvedLanguage ?? "en"} choices={CHOICES} onChange={changeLanguage} hideLabel={compact} />
  );
}
