import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isSupervising, useMe } from "../../header/hooks/useMe";

/** Administration is for owners and supervisors (the API refuses the rest with 403): others get a sentence, not controls. */
export function SupervisorsOnly({ section, children }: { section: string; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) return null;
  if (isSupervising(me.data)) return children;
  return (
    <section className="admin">
      <h1>{t(`nav.${section}`)}</h1>
      <p>{t("admin.supervisorsOnly")}</p>
    </section>
  );
}
