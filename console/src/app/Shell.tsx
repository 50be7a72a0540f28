import { Outlet } from "react-router";
import { SignInPage } from "../features/auth/components/SignInPage";
import { useSession, useSessionRenewal } from "../features/auth/hooks/useSession";
import { Header } from "../features/header/components/Header";
import { LiveUpdates } from "../features/live/components/LiveUpdates";

/** Every page: the sign-in form until there is a session (the URL stays, so bookmarks work), then header + page. */
export function Shell() {
  const tokens = useSession();
  useSessionRenewal();
  if (!tokens) return <SignInPage />;
  return (
    <div className="shell">
      <Header />
      <LiveUpdates />
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}
