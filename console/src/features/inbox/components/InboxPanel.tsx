import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import "../inbox.css";
import { NavLink, useNavigate } from "react-router";
import { CATEGORIES, FILTERS, SORTS, VIEWS, type Category, type InboxQuery, type Sort } from "../api/inbox";
import { listSearch, useClaim, useConversations, useInboxCounts, useInboxQuery, useTags } from "../hooks/useInbox";
import { LabeledSelect } from "../../../components/LabeledSelect";
import type { Conversation } from "../../../api/types";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { ConnectionBadges } from "./ConnectionBadges";
import { ConversationItem, conversationLinkId } from "./ConversationItem";
import { StoreBadges } from "./StoreBadges";

/** The list side of the workspace: views, filters, search, sort and the conversations. */
export function InboxPanel({ openId }: { openId: string | undefined }) {
  const { t } = useTranslation();
  const { query, update } = useInboxQuery();
  const list = useConversations(query);
  const items = list.data?.items ?? [];
  const search = useCallback((q: string) => update({ q }), [update]);
  const hrefOf = (id: string) => `/conversations/${id}${listSearch(query, true)}`;
  const claim = useClaim();
  const { mutate: claimMutate } = claim;
  const claimConversation = useCallback((id: string) => claimMutate(id), [claimMutate]);
  useListKeys(items, openId, hrefOf, claimConversation);
  return (
    <section className="inbox" aria-label={t("inbox.label")}>
      <ViewTabs query={query} />
      <ConnectionBadges />
      <StoreBadges />
      <div className="filters" role="group" aria-label={t("inbox.filters")}>
        {FILTERS.map((filter) => (
          <button
            key={filter}
            type="button"
            aria-pressed={query.filter === filter}
            onClick={() => update({ filter: query.filter === filter ? null : filter })}
          >
            {t(`inbox.filter.${filter}`)} <span className="count">{list.data?.counts?.[filter] ?? ""}</span>
          </button>
        ))}
      </div>
      <div className="list-tools">
        <SearchBox value={query.q} onSearch={search} />
        <SortSelect value={query.sort} onChange={(sort) => update({ sort })} />
      </div>
      <div className="list-tools">
        <TagSelect value={query.tag} onChange={(tag) => update({ tag })} />
        <CategorySelect value={query.category} onChange={(category) => update({ category })} />
      </div>
      <ErrorAlert error={claim.error} />
      {list.isError && (
        <p role="alert" className="error">
          {t("errors.loadFailed")}
        </p>
      )}
      <ul className="conversations" aria-label={t("inbox.conversations")} aria-busy={list.isPending}>
        {items.map((conversation) => (
          <ConversationItem
            key={conversation.conversation_id}
            conversation={conversation}
            href={hrefOf(conversation.conversation_id)}
            current={conversation.conversation_id === openId}
          />
        ))}
      </ul>
      {list.isSuccess && items.length === 0 && <p className="empty">{t("inbox.empty")}</p>}
    </section>
  );
}

function ViewTabs({ query }: { query: InboxQuery }) {
  const { t } = useTranslation();
  const counts = useInboxCounts();
  const queued = counts.data?.connections?.reduce((sum, c) => sum + c.queued, 0);
  const countOf = (view: string) => (view === "unassigned" ? queued : undefined);
  return (
    <nav aria-label={t("inbox.views")} className="views">
      {VIEWS.map((view) => (
        <NavLink
          key={view}
          to={`/inbox/${view}${listSearch(query, false)}`}
          className={({ isActive }) => (isActive || query.view === view ? "active" : undefined)}
          aria-current={query.view === view ? "page" : undefined}
        >
          {t(`inbox.view.${view}`)} {countOf(view) !== undefined && <span className="count">{countOf(view)}</span>}
        </NavLink>
      ))}
    </nav>
  );
}

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  // What is typed stays local until it settles (300 ms); the URL holds the search itself.
  const [draft, setDraft] = useState(value);
  useEffect(() => {
    if (draft === value) return;
    const timer = window.setTimeout(() => onSearch(draft.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [draft, value, onSearch]);
  return <input type="search" aria-label={t("inbox.search")} placeholder={t("inbox.searchPlaceholder")} value={draft} onChange={(e) => setDraft(e.target.value)} />;
}

function SortSelect({ value, onChange }: { value: Sort | null; onChange: (sort: Sort | null) => void }) {
  const { t } = useTranslation();
  const choices = SORTS.map((sort) => ({ value: sort, label: t(`inbox.sort.${sort}`) }));
  return (
    <LabeledSelect
      label={t("inbox.sort.label")}
      none={t("inbox.sort.default")}
      value={value ?? ""}
      choices={choices}
      onChange={(v) => onChange(SORTS.find((s) => s === v) ?? null)}
    />
  );
}

function TagSelect({ value, onChange }: { value: string | null; onChange: (tag: string | null) => void }) {
  const { t } = useTranslation();
  const tags = useTags();
  const choices = (tags.data ?? []).map((tag) => ({ value: tag.tag_id, label: tag.name }));
  return <LabeledSelect label={t("inbox.tag.label")} none={t("inbox.tag.any")} value={value ?? ""} choices={choices} onChange={(v) => onChange(v || null)} />;
}

function CategorySelect({ value, onChange }: { value: Category | null; onChange: (category: Category | null) => void }) {
  const { t } = useTranslation();
  const choices = CATEGORIES.map((category) => ({ value: category, label: t(`inbox.category.${category}`) }));
  return (
    <LabeledSelect
      label={t("inbox.category.label")}
      none={t("inbox.category.any")}
      value={value ?? ""}
      choices={choices}
      onChange={(v) => onChange(CATEGORIES.find((c) => c === v) ?? null)}
    />
  );
}

/** J / K: next / previous conversation (its link focused); Enter on the open conversation, when it
 * is waiting for an agent, takes it (seed 002). Keys typed into a field are the field's. */
function useListKeys(items: Conversation[], openId: string | undefined, hrefOf: (id: string) => string, claim: (id: string) => void) {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, button, [role='dialog'], [contenteditable='true']")) return;
      if (event.key === "Enter") {
        // A link of another conversation opens it, as links do; on the open one (or nothing focused) Enter takes it.
        const onOtherLink = target?.closest("a") && target.id !== conversationLinkId(openId ?? "");
        const open = items.find((c) => c.conversation_id === openId);
        if (onOtherLink || !open || open.status !== "unassigned") return;
        event.preventDefault();
        claim(open.conversation_id);
        return;
      }
      const step = event.key === "j" ? 1 : event.key === "k" ? -1 : 0;
      if (!step || items.length === 0) return;
      const ids = items.map((c) => c.conversation_id);
      const index = openId ? ids.indexOf(openId) : -1;
      const next = ids[Math.min(Math.max(index + step, 0), ids.length - 1)];
      if (!next) return;
      if (next !== openId) navigate(hrefOf(next));
      document.getElementById(conversationLinkId(next))?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [items, openId, hrefOf, navigate, claim]);
}
