import { z } from "zod";

/**
 * One public generation as the feed carries it: Pollinations' feed fields (prompt, model, seed,
 * width, height, imageURL) plus ours. `imageURL` is stored as publicUrl made it (root-relative
 * without a public R2 domain); the SSE route makes it absolute against the origin each client used.
 */
export const feedItemSchema = z.object({
  id: z.uuid(),
  prompt: z.string(),
  style: z.string(),
  model: z.string(),
  seed: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  imageURL: z.string(),
  created_at: z.string(),
});
export type FeedItem = z.infer<typeof feedItemSchema>;

/** How many recent items a new connection is shown first. */
export const FEED_REPLAY = 20;
