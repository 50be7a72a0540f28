import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A table named for what it lists: a header per column, then a last column of row actions (named for screen readers). */
export function AdminTable({ label, columns, children }: { label: string; columns: readonly string[]; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t("common.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
