import "../admin.css";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TagItem } from "../api/types";
import { useCreateTag, useDeleteTag, useRenameTag, useTagList } from "../hooks/useCatalog";
import { ErrorText, FormButtons, TextField } from "./Fields";

/** Tags every member applies to conversations: add, rename (on every conversation at once), delete. */
export function TagsPage() {
  const { t } = useTranslation();
  const tags = useTagList();
  const create = useCreateTag();
  const remove = useDeleteTag();
  const [name, setName] = useState("");
  const [renaming, setRenaming] = useState<string | null>(null);
  const add = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name.trim(), { onSuccess: () => setName("") });
  };
  const confirmDelete = (tag: TagItem) => {
    if (window.confirm(t("tags.confirmDelete", { name: tag.name }))) remove.mutate(tag.tag_id);
  };
  return (
    <section className="admin">
      <h1>{t("nav.tags")}</h1>
      <form className="toolbar inline-form" onSubmit={add} aria-label={t("tags.add")}>
        <TextField label={t("tags.new")} required maxLength={50} pattern=".*\S.*" value={name} onChange={setName} />
        <button type="submit" disabled={create.isPending}>
          {t("tags.add")}
        </button>
      </form>
      <ErrorText error={create.error ?? remove.error ?? tags.error} fallback={t("errors.actionFailed")} />
      <ul className="tag-list" aria-label={t("nav.tags")}>
        {(tags.data ?? []).map((tag) => (
          <li key={tag.tag_id}>
            {renaming === tag.tag_id ? (
              <RenameTagForm tag={tag} onDone={() => setRenaming(null)} />
            ) : (
              <>
                <span className="tag-name">{tag.name}</span>
                <button type="button" aria-label={t("tags.rename", { name: tag.name })} onClick={() => setRenaming(tag.tag_id)}>
                  {t("tags.renameShort")}
                </button>
                <button type="button" className="danger" aria-label={t("tags.delete", { name: tag.name })} onClick={() => confirmDelete(tag)}>
                  {t("common.delete")}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {tags.data?.length === 0 && <p className="empty">{t("tags.none")}</p>}
    </section>
  );
}

function RenameTagForm({ tag, onDone }: { tag: TagItem; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(tag.name);
  const rename = useRenameTag(tag.tag_id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate(name.trim(), { onSuccess: onDone });
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label={t("tags.rename", { name: tag.name })}>
      <TextField label={t("tags.name")} required maxLength={50} pattern=".*\S.*" value={name} onChange={setName} />
      <FormButtons submit={t("common.save")} pending={rename.isPending} onCancel={onDone} />
      <ErrorText error={rename.error} fallback={t("errors.actionFailed")} />
    </form>
  );
}
