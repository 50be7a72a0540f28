import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useConfig } from "../../../app/ConfigContext";
import { setNewPassword, signIn, type SignInResult } from "../api/cognito";
import { session } from "../session";

type Challenge = Extract<SignInResult, { kind: "new_password_required" }>;

/** Email + password, then (after an invitation) a new password; a session on success. */
export function useSignIn() {
  const config = useConfig();
  const settings = { endpoint: config.cognito_endpoint, clientId: config.user_pool_client_id };
  // The pending challenge is the one piece of sign-in state that lives only in this page.
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const finish = (result: SignInResult) => {
    if (result.kind === "signed_in") {
      setChallenge(null);
      session.set(result.tokens);
    } else {
      setChallenge(result);
    }
  };
  const withPassword = useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => signIn(settings, email.trim(), password),
    onSuccess: finish,
  });
  const withNewPassword = useMutation({
    mutationFn: (newPassword: string) => {
      if (!challenge) throw new Error("no pending challenge");
      return setNewPassword(settings, challenge.username, challenge.session, newPassword);
    },
    onSuccess: finish,
  });
  return { challenge, withPassword, withNewPassword };
}
