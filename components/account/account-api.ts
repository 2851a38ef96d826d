import type {
  ApiKeyView,
  CreatedApiKeyView,
  DeleteResultView,
  HistoryItem,
  HistoryPage,
  RotatedWebhookSecretView,
} from "@/lib/account/types";

/** An account request that did not work, in words to show the user. */
export class AccountRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "AccountRequestError";
  }
}

const MESSAGES: Record<string, string> = {
  unauthorized: "Your session has ended. Sign in again to continue.",
  network_error: "You appear to be offline. Check your connection and try again.",
  service_unavailable: "The service is unavailable right now. Nothing was changed; try again soon.",
};

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      cache: "no-store",
      headers: {
        accept: "application/json",
        ...(init.body ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
    });
  } catch {
    throw new AccountRequestError(MESSAGES.network_error!, "network_error", 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error =
      typeof body === "object" && body !== null && "error" in body
        ? (body.error as { code?: unknown; message?: unknown })
        : null;
    const code = typeof error?.code === "string" ? error.code : `http_${response.status}`;
    const message =
      MESSAGES[code] ??
      (typeof error?.message === "string" ? error.message : "That did not work. Please try again.");
    throw new AccountRequestError(message, code, response.status);
  }
  return body as T;
}

export function fetchHistoryPage(cursor: string): Promise<HistoryPage> {
  return call(`/api/v1/account/generations?cursor=${encodeURIComponent(cursor)}`);
}

export function setPrivacy(id: string, isPrivate: boolean): Promise<HistoryItem> {
  return call(`/api/v1/account/generations/${encodeURIComponent(id)}`, {
    method: "PATCH",
    body: JSON.stringify({ private: isPrivate }),
  });
}

export function deleteGeneration(id: string): Promise<DeleteResultView> {
  return call(`/api/v1/account/generations/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function createApiKey(input: {
  name: string;
  expires_at: string | null;
  daily_limit: number | null;
}): Promise<CreatedApiKeyView> {
  return call("/api/v1/account/keys", { method: "POST", body: JSON.stringify(input) });
}

export function revokeApiKey(id: string): Promise<ApiKeyView> {
  return call(`/api/v1/account/keys/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function rotateWebhookSecret(id: string): Promise<RotatedWebhookSecretView> {
  return call(`/api/v1/account/keys/${encodeURIComponent(id)}/webhook-secret/rotate`, {
    method: "POST",
  });
}
