import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/api/text";
import {
  ApiKeyError,
  type ApiKeyInfo,
  createApiKey,
  listApiKeys,
  revokeApiKey,
} from "@/lib/auth/api-keys";
import { subjectFor } from "@/lib/auth/types";
import { usageBySubject, usageOf } from "@/lib/limits/quota";
import { rotateSigningSecret } from "@/lib/webhooks/secrets";
import type {
  ApiKeyView,
  CreatedApiKeyView,
  RotatedWebhookSecretView,
  UsageSplitView,
} from "./types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** POST /api/v1/account/keys. */
export const createKeySchema = z.object({
  name: z
    .string({ error: "is required" })
    .trim()
    .min(1, "must not be empty")
    .max(100, "must be at most 100 characters")
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE),
  expires_at: z.iso
    .datetime({ offset: true, error: "must be an ISO 8601 date and time, or null" })
    .nullish()
    .refine((v) => v == null || Date.parse(v) > Date.now(), "must be in the future"),
  daily_limit: z
    .number({ error: "must be a whole number from 1, or null" })
    .int("must be a whole number from 1, or null")
    .min(1, "must be a whole number from 1, or null")
    .max(10_000_000, "must be at most 10000000")
    .nullish(),
});
export type CreateKeyInput = z.infer<typeof createKeySchema>;

function toView(key: ApiKeyInfo, usedToday: number): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    status: key.status,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    daily_limit: key.dailyLimit,
    used_today: usedToday,
  };
}

/** The owner's keys, newest first, each with what it was charged today. */
export async function listKeys(ownerId: string): Promise<ApiKeyView[]> {
  const keys = await listApiKeys(ownerId);
  const usage = await usageBySubject(keys.map((k) => subjectFor.apiKey(k.id)));
  return keys.map((k) => toView(k, usage.get(subjectFor.apiKey(k.id)) ?? 0));
}

/**
 * The account's usage today (`total`, its own counter) split between its session and its keys:
 * each key counts what went through it; the rest came from the signed-in session.
 */
export function usageSplit(total: number, keys: readonly ApiKeyView[]): UsageSplitView | null {
  const shown = keys.filter((k) => k.status === "active" || k.used_today > 0);
  if (shown.length === 0) return null;
  const throughKeys = shown.reduce((sum, k) => sum + k.used_today, 0);
  return {
    session: Math.max(0, total - throughKeys),
    keys: shown.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      used: k.used_today,
      daily_limit: k.daily_limit,
    })),
  };
}

/** A new key for the owner; the full key is in the answer, this once. */
export async function createKey(
  ownerId: string,
  input: CreateKeyInput,
): Promise<CreatedApiKeyView> {
  try {
    const created = await createApiKey({
      ownerId,
      name: input.name,
      expiresAt: input.expires_at ? new Date(input.expires_at) : null,
      dailyLimit: input.daily_limit ?? null,
    });
    const [info] = (await listApiKeys(ownerId)).filter((k) => k.id === created.id);
    if (!info) throw new Error(`api key ${created.id} vanished right after it was created`);
    return { ...toView(info, 0), key: created.key, webhook_secret: created.webhookSecret };
  } catch (error) {
    if (error instanceof ApiKeyError && error.code === "too_many_keys") {
      throw new ApiError("api_key_limit_reached", error.message, {
        details: { max_api_keys: error.maxLiveKeys },
      });
    }
    if (error instanceof ApiKeyError) {
      const field =
        error.code === "invalid_expiry"
          ? "expires_at"
          : error.code === "invalid_daily_limit"
            ? "daily_limit"
            : "name";
      throw new ApiError("invalid_parameters", error.message, {
        details: [{ path: field, message: error.message }],
      });
    }
    throw error;
  }
}

/**
 * Revokes one of the owner's keys, by id only (the prefix form of revokeApiKey is for the admin
 * CLI). Null when the owner has no key with that id: someone else's key is "not found" too.
 */
export async function revokeKey(ownerId: string, id: string): Promise<ApiKeyView | null> {
  if (!UUID.test(id)) return null;
  const result = await revokeApiKey(id, ownerId);
  if (result.status === "revoked" || result.status === "already_revoked") {
    return toView(result.key, await usageOf(subjectFor.apiKey(result.key.id)));
  }
  return null;
}

/**
 * A new webhook signing secret for one of the owner's keys; the old one keeps signing beside it for
 * a day. Null when the owner has no key with that id.
 */
export async function rotateWebhookSecret(
  ownerId: string,
  id: string,
): Promise<RotatedWebhookSecretView | null> {
  if (!UUID.test(id) || !UUID.test(ownerId)) return null;
  const rotated = await rotateSigningSecret(id, ownerId);
  if (!rotated) return null;
  return {
    id,
    webhook_secret: rotated.secret,
    previous_secret_expires_at: rotated.previousValidUntil.toISOString(),
  };
}
