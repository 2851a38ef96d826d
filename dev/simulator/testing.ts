import sharp from "sharp";
import type { ProviderResult } from "@/lib/providers/types";
import type { GenerationRequest } from "@/lib/catalog/generation-request";

/** Helpers for tests that drive the real provider clients against the simulator. */
export function avatarRequest(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  return {
    prompt: "a woman with curly red hair and glasses",
    style: "lorelei",
    model: "flux-schnell",
    width: 512,
    height: 512,
    seed: 42,
    steps: 4,
    format: "png",
    ...overrides,
  };
}

/** Downloads a result's image and decodes it, so a test checks pixels, not just a URL. */
export async function downloadImage(result: ProviderResult) {
  if (!("url" in result.image)) throw new Error("expected an image URL");
  const response = await fetch(result.image.url);
  if (!response.ok) throw new Error(`download failed: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  const meta = await sharp(bytes).metadata();
  return { bytes, contentType: response.headers.get("content-type"), ...meta };
}

/** Resolves with the rejection of `promise` (fails if it resolves), for asserting on errors. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}
