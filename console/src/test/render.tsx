// Rendering a piece of the console with its providers, over a fake network.
import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { RouterProvider, createMemoryRouter } from "react-router";
import { vi } from "vitest";
import type { ConsoleConfig } from "../api/types";
import { Providers } from "../app/Providers";

export const config: ConsoleConfig = {
  api_url: "http://api.test",
  webhook_url: "https://hooks.test/",
  websocket_url: null,
  user_pool_id: "us-east-1_test",
  user_pool_client_id: "client-1",
  cognito_endpoint: "http://cognito.test/",
  region: "us-east-1",
};

export interface Call {
  method: string;
  url: string;
  target: string | null;
  body: unknown;
  keepalive: boolean;
}

type Answer = { status?: number; body: unknown } | undefined;
type Handler = (call: Call) => Answer;

/** A fake fetch: each request is recorded and answered by the first handler that knows it (else 404). */
export function fakeNetwork(...handlers: Handler[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const text = await request.clone().text();
    const call: Call = {
      method: request.method,
      url: request.url,
      target: request.headers.get("X-Amz-Target"),
      body: text ? (JSON.parse(text) as unknown) : null,
      keepalive: request.keepalive || Boolean(init?.keepalive),
    };
    calls.push(call);
    const answer = handlers.map((handler) => handler(call)).find((a) => a !== undefined) ?? { status: 404, body: { error: { code: "not_found", message: "no fake" } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { "Content-Type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetch);
  return { calls, fetch };
}

/** Answers `METHOD /path` (query ignored) of the API with a body. */
export const api =
  (method: string, path: string, body: unknown, status = 200): Handler =>
  (call) =>
    call.method === method && new URL(call.url).pathname === path && call.target === null ? { status, body } : undefined;

/** Answers a Cognito action (X-Amz-Target) with a body. */
export const cognito =
  (action: string, answer: (body: unknown) => Answer): Handler =>
  (call) =>
    call.target === `AWSCognitoIdentityProviderService.${action}` ? answer(call.body) : undefined;

export function renderAt(path: string, element: ReactElement, routePath = "*") {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter([{ path: routePath, element }], { initialEntries: [path] });
  const view = render(
    <Providers config={config} queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return { ...view, router, queryClient };
}
