import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { cognito, fakeNetwork, renderAt } from "../../../test/render";
import { session } from "../session";
import { SignInPage } from "./SignInPage";

const tokens = { IdToken: "id-1", AccessToken: "access-1", RefreshToken: "refresh-1", ExpiresIn: 3600 };

describe("SignInPage", () => {
  it("signs in with email and password (USER_PASSWORD_AUTH) and keeps the ID token as the session", async () => {
    const network = fakeNetwork(cognito("InitiateAuth", () => ({ body: { AuthenticationResult: tokens } })));
    renderAt("/", <SignInPage />);
    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "lan@shop.example");
    await userEvent.type(screen.getByLabelText("Password"), "Secret-pass1");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(session.get()?.idToken).toBe("id-1"));
    expect(network.calls[0]?.body).toEqual({
      AuthFlow: "USER_PASSWORD_AUTH",
      ClientId: "client-1",
      AuthParameters: { USERNAME: "lan@shop.example", PASSWORD: "Secret-pass1" },
    });
    expect(session.get()?.refreshToken).toBe("refresh-1");
    session.clear();
  });

  it("asks an invited person for a new password on the first sign-in, then signs them in", async () => {
    const network = fakeNetwork(
      cognito("InitiateAuth", () => ({ body: { ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "s-1", ChallengeParameters: { USER_ID_FOR_SRP: "user-7" } } })),
      cognito("RespondToAuthChallenge", () => ({ body: { AuthenticationResult: tokens } })),
    );
    renderAt("/", <SignInPage />);
    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "an@shop.example");
    await userEvent.type(screen.getByLabelText("Password"), "Temp-pass1");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await userEvent.type(await screen.findByLabelText("New password"), "Mine-pass-2");
    await userEvent.click(screen.getByRole("button", { name: "Set password" }));
    await waitFor(() => expect(session.get()?.idToken).toBe("id-1"));
    expect(network.calls[1]?.body).toEqual({
      ChallengeName: "NEW_PASSWORD_REQUIRED",
      ClientId: "client-1",
      Session: "s-1",
      ChallengeResponses: { USERNAME: "user-7", NEW_PASSWORD: "Mine-pass-2" },
    });
    session.clear();
  });

  it("says the email or password is wrong, in the chosen language", async () => {
    fakeNetwork(cognito("InitiateAuth", () => ({ status: 400, body: { __type: "NotAuthorizedException", message: "Incorrect username or password." } })));
    renderAt("/", <SignInPage />);
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Language" }), "vi");
    await userEvent.type(screen.getByRole("textbox", { name: "Email" }), "lan@shop.example");
    await userEvent.type(screen.getByLabelText("Mật khẩu"), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Đăng nhập" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Sai email hoặc mật khẩu.");
    expect(session.get()).toBeNull();
    expect(localStorage.getItem("switchboard.language")).toBe("vi");
  });
});
