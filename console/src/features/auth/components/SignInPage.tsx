import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSelect } from "../../header/components/LanguageSelect";
import { CognitoError } from "../api/cognito";
import { useSignIn } from "../hooks/useSignIn";

export function SignInPage() {
  const { t } = useTranslation();
  const { challenge, withPassword, withNewPassword } = useSignIn();
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1>Switchboard</h1>
        <LanguageSelect />
        {challenge ? (
          <NewPasswordForm pending={withNewPassword.isPending} error={withNewPassword.error} onSubmit={withNewPassword.mutate} />
        ) : (
          <PasswordForm pending={withPassword.isPending} error={withPassword.error} onSubmit={withPassword.mutate} />
        )}
        <p className="hint">{t("auth.hint")}</p>
      </div>
    </main>
  );
}

function PasswordForm({ pending, error, onSubmit }: { pending: boolean; error: Error | null; onSubmit: (v: { email: string; password: string }) => void }) {
  const { t } = useTranslation();
  const emailId = useId();
  const passwordId = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ email, password });
  };
  return (
    // noValidate: the user pool decides what a valid sign-in name is, not the browser.
    <form onSubmit={submit} noValidate aria-label={t("auth.signIn")}>
      <h2>{t("auth.signIn")}</h2>
      <label htmlFor={emailId}>{t("auth.email")}</label>
      <input id={emailId} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor={passwordId}>{t("auth.password")}</label>
      <input id={passwordId} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <SignInError error={error} />
      <button type="submit" disabled={pending || !email || !password}>
        {t("auth.signIn")}
      </button>
    </form>
  );
}

function NewPasswordForm({ pending, error, onSubmit }: { pending: boolean; error: Error | null; onSubmit: (password: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [password, setPassword] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(password);
  };
  return (
    <form onSubmit={submit} aria-label={t("auth.setPassword")}>
      <h2>{t("auth.setPassword")}</h2>
      <p>{t("auth.newPasswordExplained")}</p>
      <label htmlFor={id}>{t("auth.newPassword")}</label>
      <input id={id} type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <SignInError error={error} />
      <button type="submit" disabled={pending || !password}>
        {t("auth.setPassword")}
      </button>
    </form>
  );
}

const KNOWN_ERRORS = ["NotAuthorizedException", "UserNotFoundException", "InvalidPasswordException", "PasswordResetRequiredException"];

function SignInError({ error }: { error: Error | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  const type = error instanceof CognitoError && KNOWN_ERRORS.includes(error.type) ? error.type : "other";
  return (
    <p role="alert" className="error">
      {t(`auth.errors.${type}`)}
    </p>
  );
}
