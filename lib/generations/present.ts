import { absoluteUrl, publicOrigin } from "@/lib/api/parse";
import { publicUrl } from "@/lib/storage";
import type { GenerationRow } from "./repository";

/** A generation as every API answer shows it (snake_case, absolute URLs). */
export interface GenerationView {
  id: string;
  status: GenerationRow["status"];
  prompt: string;
  style: string;
  model: string;
  width: number;
  height: number;
  seed: number;
  provider: string | null;
  /** Only its owner can read it, it is never in the feed, and nobody else gets it from the cache. */
  private: boolean;
  /**
   * The PNG original at the generated size, and a WebP per standard size up to that size (never
   * upscaled). The WebPs follow the original by a moment: `variants_pending` is true until they exist.
   */
  images: {
    png: string;
    webp: Partial<Record<"128" | "256" | "512" | "1024", string>>;
    variants_pending: boolean;
  } | null;
  error: { code: string; message: string } | null;
  /**
   * Set when the built-in generator makes it in place of a paid FLUX provider, because the service's
   * image budget for the period is spent (anonymous and free requests); null otherwise.
   */
  fallback: { generator: "local"; reason: "budget"; message: string } | null;
  events_url: string;
  created_at: string;
  completed_at: string | null;
}

const BUDGET_FALLBACK = {
  generator: "local",
  reason: "budget",
  message:
    "Made by the built-in generator instead of FLUX: this month's image budget is used up. Premium and enterprise keep FLUX; the gallery is free as always.",
} as const;

/**
 * `at` is the request being answered, or the public origin itself where there is none (the webhook
 * worker, with the origin recorded when the request was made).
 */
export function presentGeneration(row: GenerationRow, at: Request | string): GenerationView {
  const origin = typeof at === "string" ? at : publicOrigin(at);
  const url = (key: string) => absoluteUrl(publicUrl(key), origin);
  const keys = row.status === "succeeded" ? row.object_keys : null;
  return {
    id: row.id,
    status: row.status,
    prompt: row.params.prompt,
    style: row.params.style,
    model: row.params.model,
    width: row.width ?? row.params.width,
    height: row.height ?? row.params.height,
    seed: row.seed ?? row.params.seed,
    provider: row.provider,
    private: row.private,
    images: keys
      ? {
          png: url(keys.png),
          webp: Object.fromEntries(
            Object.entries(keys.webp).map(([size, key]) => [size, url(key)]),
          ),
          variants_pending: keys.variants_pending === true,
        }
      : null,
    error:
      row.status === "failed"
        ? { code: row.error_code ?? "failed", message: row.error_message ?? "Generation failed." }
        : null,
    fallback: row.params.generator === "local" ? BUDGET_FALLBACK : null,
    events_url: absoluteUrl(`/api/v1/generations/${row.id}/events`, origin),
    created_at: row.created_at.toISOString(),
    completed_at: row.completed_at?.toISOString() ?? null,
  };
}
