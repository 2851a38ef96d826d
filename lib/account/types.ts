// The JSON the account and limits endpoints answer with, shared by the route handlers, the /account
// page and the generate page. Types only: safe to import from client components.
import type { TierId } from "@/lib/auth/types";
import type { ModelId } from "@/lib/catalog/models";

/** The next step up from a tier, and how to take it (there are no payments: see /account#upgrade). */
export interface UpgradeView {
  tier: TierId;
  name: string;
  daily_quota: number;
  /** `/signin` for anonymous visitors, `/account#upgrade` otherwise. */
  href: string;
}

/** What the caller's tier allows and how much of today's quota is used: GET /api/v1/me/limits. */
export interface LimitsView {
  kind: "anonymous" | "user" | "api_key";
  signed_in: boolean;
  tier: { id: TierId; name: string };
  limits: {
    daily_quota: number;
    rate_per_minute: number;
    concurrent_jobs: number;
    /** Longest image side, pixels. */
    max_size: number;
    allowed_models: ModelId[];
    /** True when this tier's jobs run ahead of the free tier's (premium and enterprise). */
    priority: boolean;
  };
  usage: {
    /** The UTC day counted, YYYY-MM-DD. */
    day: string;
    used: number;
    remaining: number;
  };
  /** Next midnight UTC, ISO 8601. */
  resets_at: string;
  upgrade: UpgradeView | null;
}

/** GET /api/v1/account: the limits of a signed-in user, plus who they are. */
export interface AccountView extends LimitsView {
  account: { id: string; email: string | null };
  /**
   * Today's usage (`usage.used`, the whole account's) split by where it came from, for accounts
   * with API keys: the signed-in session, and each key that is live or was used today. Null
   * without keys.
   */
  usage_split: UsageSplitView | null;
}

export interface UsageSplitView {
  /** Generations the signed-in session (the browser) made today. */
  session: number;
  keys: { id: string; name: string; prefix: string; used: number; daily_limit: number | null }[];
}

export type HistoryStatus = "queued" | "running" | "succeeded" | "failed";

/** One request in a user's history (a generation_requests row joined with its generation). */
export interface HistoryItem {
  /** The request id: what PATCH and DELETE /api/v1/account/generations/{id} take. */
  id: string;
  generation_id: string;
  prompt: string;
  style: string;
  model: string;
  width: number;
  height: number;
  status: HistoryStatus;
  private: boolean;
  /** When this user asked for it. */
  created_at: string;
  /** A small WebP (256 px, else the nearest size), or the PNG original; null until it exists. */
  thumbnail_url: string | null;
  /** The PNG original; null until it exists. */
  image_url: string | null;
  error: { code: string; message: string } | null;
}

export interface HistoryPage {
  data: HistoryItem[];
  /** Pass as `cursor` for the next page; null on the last one. */
  next_cursor: string | null;
}

export type ApiKeyStatusView = "active" | "revoked" | "expired";

/** An API key as its owner sees it: never the key itself. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  status: ApiKeyStatusView;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  /** The key's own cap on generations per UTC day, below the account's quota; null: none. */
  daily_limit: number | null;
  /** Generations made through this key today: its part of the account's usage. */
  used_today: number;
}

/** POST /api/v1/account/keys: the new key, with the full secret this once. */
export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
  /** The key's Standard Webhooks signing secret (whsec_…), to verify the webhooks sent for it. */
  webhook_secret: string;
}

/** POST /api/v1/account/keys/{id}/webhook-secret/rotate: the new secret, shown this once. */
export interface RotatedWebhookSecretView {
  id: string;
  webhook_secret: string;
  /** Until when the replaced secret still signs, beside the new one (ISO 8601). */
  previous_secret_expires_at: string;
}

/** DELETE /api/v1/account/generations/{id}. */
export interface DeleteResultView {
  id: string;
  hidden: true;
  /** True when nobody else had this generation, so its images and record were deleted too. */
  removed: boolean;
}
