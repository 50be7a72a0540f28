import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { session } from "../../auth/session";
import { isSupervising, useMe, useSetAccepting } from "../hooks/useMe";
import { usePresence, type Presence } from "../hooks/usePresence";
import { LanguageSelect } from "./LanguageSelect";

const EVERYONE = ["inbox", "reports"] as const;
const SUPERVISORS = ["agents", "channels", "rules", "tags", "templates", "settings"] as const;

export function Header() {
  const { t } = useTranslation();
  const me = useMe();
  const presence = usePresence();
  const queryClient = useQueryClient();
  const sections = isSupervising(me.data) ? [...EVERYONE, ...SUPERVISORS] : EVERYONE;
  const signOut = () => {
    session.clear();
    queryClient.clear();
  };
  return (
    <header className="header">
      <span className="brand">Switchboard</span>
      <nav aria-label={t("nav.label")} className="nav">
        {sections.map((section) => (
          <NavLink key={section} to={section === "inbox" ? "/inbox/mine" : `/${section}`}>
            {t(`nav.${section}`)}
          </NavLink>
        ))}
      </nav>
      <div className="me">
        <AcceptingSwitch accepting={me.data?.accepting} />
        <span className="nickname">{me.data?.nickname}</span>
        <PresenceStatus presence={presence} />
        <LanguageSelect compact />
        <button type="button" onClick={signOut}>
          {t("auth.signOut")}
        </button>
      </div>
    </header>
  );
}

function AcceptingSwitch({ accepting }: { accepting: boolean | undefined }) {
  const { t } = useTranslation();
  const id = useId();
  const setAccepting = useSetAccepting();
  // The click's value until the cache (updated optimistically) re-renders: a controlled checkbox
  // must not flip back for a moment, which screen readers and tests would notice.
  const [choice, setChoice] = useState<boolean | null>(null);
  const checked = choice ?? accepting ?? false;
  return (
    <span className="switch">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={accepting === undefined}
        onChange={(event) => {
          setChoice(event.target.checked);
          setAccepting.mutate(event.target.checked, { onSettled: () => setChoice(null) });
        }}
      />
      <label htmlFor={id}>{t("header.accepting")}</label>
    </span>
  );
}

function PresenceStatus({ presence }: { presence: Presence }) {
  const { t } = useTranslation();
  return (
    <span role="status" className={`presence presence-${presence}`}>
      {t(`header.presence.${presence}`)}
    </span>
  );
}
