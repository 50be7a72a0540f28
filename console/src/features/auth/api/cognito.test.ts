// The requests the console sends to the Cognito user pool, exactly as Cognito's JSON 1.1 API takes them
// (botocore's cognito-idp model: targetPrefix AWSCognitoIdentityProviderService, jsonVersion 1.1, and
// InitiateAuth / RespondToAuthChallenge unsigned), and the answers as Cognito gives them.
import { afterEach, describe, expect, it, vi } from "vitest";
import { CognitoError, renew, setNewPassword, signIn, type CognitoSettings } from "./cognito";

const settings: CognitoSettings = { endpoint: "https://cognito-idp.ap-southeast-1.amazonaws.com/", clientId: "4example5client6id" };

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function cognitoAnswers(status: number, body: unknown) {
  const sent: Sent[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      sent.push({
        url,
        method: init.method ?? "GET",
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        body: JSON.parse(String(init.body)),
      });
      return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/x-amz-json-1.1" } });
    }),
  );
  return sent;
}

const tokens = { AccessToken: "access-1", ExpiresIn: 3600, IdToken: "id-1", RefreshToken: "refresh-1", TokenType: "Bearer" };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the Cognito user pool API as the console calls it", () => {
  it("signs in with InitiateAuth USER_PASSWORD_AUTH: a JSON 1.1 POST, unsigned, without a secret hash", async () => {
    const sent = cognitoAnswers(200, { AuthenticationResult: tokens, ChallengeParameters: {} });
    const before = Date.now();
    const result = await signIn(settings, "lan@shop.example", "Passw0rd!");
    expect(sent).toEqual([
      {
        url: settings.endpoint,
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth" },
        body: { AuthFlow: "USER_PASSWORD_AUTH", ClientId: settings.clientId, AuthParameters: { USERNAME: "lan@shop.example", PASSWORD: "Passw0rd!" } },
      },
    ]);
    expect(result.kind).toBe("signed_in");
    if (result.kind !== "signed_in") return;
    expect(result.tokens).toMatchObject({ idToken: "id-1", refreshToken: "refresh-1" });
    expect(result.tokens.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
  });

  it("answers NEW_PASSWORD_REQUIRED with RespondToAuthChallenge, naming the user as the challenge does", async () => {
    // Cognito's challenge for an invited user of a pool whose users sign in with their email:
    // USER_ID_FOR_SRP is the pool's own user name (the sub), not the email typed.
    cognitoAnswers(200, {
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      Session: "session-1",
      ChallengeParameters: { USER_ID_FOR_SRP: "0a1b2c3d-sub", requiredAttributes: "[]", userAttributes: '{"email":"lan@shop.example"}' },
    });
    const challenge = await signIn(settings, "lan@shop.example", "TempPassw0rd!");
    expect(challenge).toEqual({ kind: "new_password_required", username: "0a1b2c3d-sub", session: "session-1" });
    if (challenge.kind !== "new_password_required") return;

    const sent = cognitoAnswers(200, { AuthenticationResult: tokens, ChallengeParameters: {} });
    const result = await setNewPassword(settings, challenge.username, challenge.session, "Chosen-Passw0rd!");
    expect(sent.map((s) => [s.headers["x-amz-target"], s.body])).toEqual([
      [
        "AWSCognitoIdentityProviderService.RespondToAuthChallenge",
        {
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          ClientId: settings.clientId,
          Session: "session-1",
          ChallengeResponses: { USERNAME: "0a1b2c3d-sub", NEW_PASSWORD: "Chosen-Passw0rd!" },
        },
      ],
    ]);
    expect(result.kind).toBe("signed_in");
  });

  it("renews with REFRESH_TOKEN_AUTH and keeps the refresh token, which Cognito does not send again", async () => {
    const renewed = { AccessToken: "access-2", ExpiresIn: 3600, IdToken: "id-2", TokenType: "Bearer" };
    const sent = cognitoAnswers(200, { AuthenticationResult: renewed, ChallengeParameters: {} });
    const result = await renew(settings, "refresh-1");
    expect(sent.map((s) => [s.headers["x-amz-target"], s.body])).toEqual([
      ["AWSCognitoIdentityProviderService.InitiateAuth", { AuthFlow: "REFRESH_TOKEN_AUTH", ClientId: settings.clientId, AuthParameters: { REFRESH_TOKEN: "refresh-1" } }],
    ]);
    expect(result).toMatchObject({ idToken: "id-2", refreshToken: "refresh-1" });
  });

  it.each([
    [{ __type: "NotAuthorizedException", message: "Incorrect username or password." }, "Incorrect username or password."],
    [{ __type: "com.amazonaws.cognito.identity.idp.model#InvalidPasswordException", Message: "Password does not conform to policy" }, "Password does not conform to policy"],
  ])("reports Cognito's error type and message: %j", async (answer, message) => {
    cognitoAnswers(400, answer);
    const failure = signIn(settings, "lan@shop.example", "wrong");
    await expect(failure).rejects.toBeInstanceOf(CognitoError);
    await expect(failure).rejects.toMatchObject({ type: answer.__type.split("#").pop(), message });
  });

  it("refuses a challenge it cannot answer (MFA) instead of leaving the page stuck", async () => {
    cognitoAnswers(200, { ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "s", ChallengeParameters: {} });
    await expect(signIn(settings, "lan@shop.example", "Passw0rd!")).rejects.toMatchObject({ type: "UnsupportedChallenge" });
  });
});
