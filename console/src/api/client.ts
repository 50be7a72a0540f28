// The one API client: openapi-fetch typed by schema.d.ts (generated from console/openapi.json).
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

export type ApiClient = ReturnType<typeof createClient<paths>>;

/** An error answer of the API: `{"error": {"code", "message"}}` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string };
  message?: string;
}

export interface ApiClientOptions {
  baseUrl: string;
  token: () => string | null;
  onUnauthorized: () => void;
  fetch?: (request: Request) => Promise<Response>;
}

export function createApiClient({ baseUrl, token, onUnauthorized, fetch }: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl, headers: { Accept: "application/json" }, fetch });
  const auth: Middleware = {
    onRequest({ request }) {
      const bearer = token();
      if (bearer) request.headers.set("Authorization", `Bearer ${bearer}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) onUnauthorized();
      return response;
    },
  };
  client.use(auth);
  return client;
}

/** The data of a successful answer, typed as the contract says; an ApiError otherwise. */
export async function unwrap<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = (error ?? {}) as ErrorBody;
    throw new ApiError(response.status, body.error?.code ?? String(response.status), body.error?.message ?? body.message ?? response.statusText);
  }
  return data as T;
}
