// Cognito's JSON API, called directly (no SDK: three calls do not justify ~100 KB).
// The same calls work against AWS and against the local stack's embedded user pool.

export interface CognitoSettings {
  endpoint: string; // e.g. https://cognito-idp.<region>.amazonaws.com/
  clientId: string;
}

export interface Tokens {
  idToken: string;
  refreshToken: string;
  /** epoch milliseconds when the ID token stops being accepted */
  expiresAt: number;
}

export type SignInResult =
  | { kind: "signed_in"; tokens: Tokens }
  | { kind: "new_password_required"; username: string; session: string };

export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = "CognitoError";
  }
}

interface AuthenticationResult {
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

interface AuthResponse {
  AuthenticationResult?: AuthenticationResult;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

async function call(settings: CognitoSettings, action: string, body: object): Promise<AuthResponse> {
  const response = await fetch(settings.endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  const payload = (await response.json().catch(() => ({}))) as AuthResponse & { __type?: string; message?: string; Message?: string };
  if (!response.ok) {
    // AWS's JSON 1.1 errors: `__type` may carry a namespace ("…#NotAuthorizedException"), and the text
    // comes as `message` or `Message` (botocore reads both).
    const type = (payload.__type ?? "UnknownError").split("#").pop() ?? "UnknownError";
    throw new CognitoError(type, payload.message ?? payload.Message ?? response.statusText);
  }
  return payload;
}

function tokensOf(result: AuthenticationResult, previousRefreshToken?: string, now = Date.now()): Tokens {
  const refreshToken = result.RefreshToken ?? previousRefreshToken;
  if (!refreshToken) throw new CognitoError("MissingRefreshToken", "the user pool gave no refresh token");
  return { idToken: result.IdToken, refreshToken, expiresAt: now + result.ExpiresIn * 1000 };
}

function outcome(response: AuthResponse, username: string): SignInResult {
  if (response.AuthenticationResult) return { kind: "signed_in", tokens: tokensOf(response.AuthenticationResult) };
  if (response.ChallengeName === "NEW_PASSWORD_REQUIRED" && response.Session) {
    // Cognito names the user by its own username in the challenge (it may differ from the email typed).
    const name = response.ChallengeParameters?.USER_ID_FOR_SRP ?? username;
    return { kind: "new_password_required", username: name, session: response.Session };
  }
  throw new CognitoError("UnsupportedChallenge", `sign-in asks for ${response.ChallengeName ?? "nothing known"}`);
}

export async function signIn(settings: CognitoSettings, username: string, password: string): Promise<SignInResult> {
  const response = await call(settings, "InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: settings.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return outcome(response, username);
}

export async function setNewPassword(
  settings: CognitoSettings,
  username: string,
  session: string,
  newPassword: string,
): Promise<SignInResult> {
  const response = await call(settings, "RespondToAuthChallenge", {
    ChallengeName: "NEW_PASSWORD_REQUIRED",
    ClientId: settings.clientId,
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
  });
  return outcome(response, username);
}

export async function renew(settings: CognitoSettings, refreshToken: string): Promise<Tokens> {
  const response = await call(settings, "InitiateAuth", {
    AuthFlow: "REFRESH_TOKEN_AUTH",
    ClientId: settings.clientId,
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  if (!response.AuthenticationResult) throw new CognitoError("NotAuthorizedException", "the session could not be renewed");
  return tokensOf(response.AuthenticationResult, refreshToken);
}
