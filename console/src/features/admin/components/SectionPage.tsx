import { useTranslation } from "react-i18next";

export type Section = "rules" | "tags" | "templates" | "settings";

/** A section the console links to but does not show yet (CONSOLE.md lists what it will hold). */
export function SectionPage({ section }: { section: Section }) {
  const { t } = useTranslation();
  return (
    <section className="admin">
      <h1>{t(`nav.${section}`)}</h1>
      <p>{t("common.comingSoon")}</p>
    </section>
  );
}
