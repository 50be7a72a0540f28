import "../admin.css";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "../../../i18n";
import type { TemplateItem } from "../api/types";
import { useCreateTemplate, useTemplateList } from "../hooks/useCatalog";
import { ErrorText, FormButtons, TextField } from "./Fields";
import { SupervisorsOnly } from "./SupervisorsOnly";

const languageName = (code: string) => LANGUAGES.find((l) => l.code === code)?.label ?? code;

/** Response templates, one text per language (agents pick one in the reply box). API.md lets them be created and read. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const templates = useTemplateList();
  const [creating, setCreating] = useState(false);
  return (
    <SupervisorsOnly section="templates">
      <section className="admin">
        <h1>{t("nav.templates")}</h1>
        <button type="button" aria-expanded={creating} onClick={() => setCreating(!creating)}>
          {t("templates.new")}
        </button>
        {creating && <TemplateForm onDone={() => setCreating(false)} />}
        <ErrorText error={templates.error} fallback={t("errors.loadFailed")} />
        <div className="cards">
          {(templates.data ?? []).map((template) => (
            <TemplateCard key={template.template_id} template={template} />
          ))}
        </div>
        {templates.data?.length === 0 && <p className="empty">{t("templates.none")}</p>}
      </section>
    </SupervisorsOnly>
  );
}

function TemplateCard({ template }: { template: TemplateItem }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{template.name}</h2>
      <dl>
        {Object.entries(template.texts).map(([code, text]) => (
          <div key={code}>
            <dt>{languageName(code)}</dt>
            <dd lang={code}>{text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function TemplateForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [name, setName] = useState("");
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [empty, setEmpty] = useState(false);
  const create = useCreateTemplate();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only the languages written: the reply box falls back to another text for the rest.
    const written = Object.fromEntries(Object.entries(texts).filter(([, text]) => text.trim() !== ""));
    setEmpty(Object.keys(written).length === 0);
    if (Object.keys(written).length > 0) create.mutate({ name: name.trim(), texts: written }, { onSuccess: onDone });
  };
  return (
    <form className="admin-form" onSubmit={submit} aria-label={t("templates.new")}>
      <TextField label={t("templates.name")} required maxLength={100} value={name} onChange={setName} />
      {LANGUAGES.map(({ code, label }) => (
        <span key={code} className="contents">
          <label htmlFor={`${ids}-${code}`}>{label}</label>
          <textarea id={`${ids}-${code}`} lang={code} rows={3} maxLength={4000} value={texts[code] ?? ""} onChange={(e) => setTexts({ ...texts, [code]: e.target.value })} />
        </span>
      ))}
      {empty && (
        <p role="alert" className="error">
          {t("templates.needsText")}
        </p>
      )}
      <ErrorText error={create.error} fallback={t("errors.actionFailed")} />
      <FormButtons submit={t("templates.create")} pending={create.isPending} onCancel={onDone} />
    </form>
  );
}
