import { z } from "zod";
import { MODEL_IDS } from "@/lib/catalog/models";

/**
 * Per-account overrides (profiles.overrides), for enterprise contracts: the same names as the tier's
 * columns. Unknown keys are ignored, so an override never breaks a request.
 */
export const overridesSchema = z
  .object({
    daily_quota: z.number().int().min(0),
    rate_per_minute: z.number().int().min(1),
    concurrent_jobs: z.number().int().min(1),
    queue_priority: z.number().int().min(1).max(2_097_151),
    allowed_models: z.array(z.enum(MODEL_IDS)).min(1),
    max_size: z.number().int().min(64).max(2048),
    max_api_keys: z.number().int().min(0).max(10_000),
  })
  .partial();
export type TierOverrides = z.infer<typeof overridesSchema>;
