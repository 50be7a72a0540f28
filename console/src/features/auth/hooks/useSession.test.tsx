import { act } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { cognito, fakeNetwork, renderAt } from "../../../test/render";
import { session } from "../session";
import { RENEW_BEFORE_MS, useSessionRenewal } from "./useSession";

function Renewal() {
  useSessionRenewal();
  return null;
}

describe("useSessionRenewal", () => {
  it("renews the ID token with REFRESH_TOKEN_AUTH before it expires, keeping the refresh token", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const network = fakeNetwork(cognito("InitiateAuth", () => ({ body: { AuthenticationResult: { IdToken: "id-2", ExpiresIn: 3600 } } })));
    session.set({ idToken: "id-1", refreshToken: "refresh-1", expiresAt: Date.now() + 3600_000 });
    renderAt("/", <Renewal />);
    await act(() => vi.advanceTimersByTimeAsync(3600_000 - RENEW_BEFORE_MS - 1000));
    expect(network.calls).toHaveLength(0);
    // The renewal's answer arrives after the timer: wait for it inside act (it re-renders the hook).
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
      await vi.waitFor(() => expect(session.get()?.idToken).toBe("id-2"));
    });
    expect(network.calls[0]?.body).toMatchObject({ AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: "refresh-1" } });
    expect(session.get()?.refreshToken).toBe("refresh-1");
    act(() => session.clear());
  });

  it("ends the session when the refresh token is refused", async () => {
    fakeNetwork(cognito("InitiateAuth", () => ({ status: 400, body: { __type: "NotAuthorizedException", message: "Refresh Token has expired" } })));
    session.set({ idToken: "id-1", refreshToken: "refresh-1", expiresAt: Date.now() });
    renderAt("/", <Renewal />);
    await act(() => vi.waitFor(() => expect(session.get()).toBeNull()));
  });
});
