import sharp from "sharp";
import { renderAvatar, MAX_RENDER_SIZE, MIN_RENDER_SIZE } from "./local/render";
import { isAvatarStyleId } from "@/lib/catalog/styles";
import {
  ProviderError,
  type GenerateOptions,
  type ImageProvider,
  type ProviderResult,
} from "./types";
import { type GenerationRequest } from "@/lib/catalog/generation-request";

export type ImageFormat = GenerationRequest["format"];

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  png: "image/png",
  webp: "image/webp",
  jpeg: "image/jpeg",
};

export interface LocalImageSpec {
  prompt: string;
  style: string;
  seed: number;
  width: number;
  height: number;
  format: ImageFormat;
}

/**
 * The local generator's image, also what the provider simulator serves: renderAvatar draws squares,
 * so a non-square request is drawn at its longer side and centre-cropped.
 */
export async function renderLocalImage(spec: LocalImageSpec): Promise<Buffer> {
  if (!isAvatarStyleId(spec.style)) throw new RangeError(`unknown avatar style "${spec.style}"`);
  const side = Math.max(spec.width, spec.height);
  const png = await renderAvatar({
    prompt: spec.prompt,
    style: spec.style,
    seed: spec.seed,
    size: side,
  });
  if (spec.width === spec.height && spec.format === "png") return png;
  let image = sharp(png);
  if (spec.width !== spec.height) image = image.resize(spec.width, spec.height, { fit: "cover" });
  if (spec.format === "webp") return image.webp({ quality: 90 }).toBuffer();
  if (spec.format === "jpeg") return image.jpeg({ quality: 90 }).toBuffer();
  return image.png({ compressionLevel: 3 }).toBuffer();
}

/** Draws the avatar in-process: no keys, no network, $0. The default when no cloud provider is set. */
export function createLocalProvider(): ImageProvider {
  return {
    name: "local",
    async generate(
      request: GenerationRequest,
      options: GenerateOptions = {},
    ): Promise<ProviderResult> {
      const started = performance.now();
      if (options.signal?.aborted) {
        throw new ProviderError("local", "retryable", "local generation aborted by the caller", {
          cause: options.signal.reason,
        });
      }
      const problem = invalid(request);
      if (problem) throw new ProviderError("local", "permanent", `local generator: ${problem}`);
      options.onProgress?.({ stage: "generating" });
      const bytes = await renderLocalImage(request);
      return {
        provider: "local",
        model: request.model,
        image: { bytes, contentType: CONTENT_TYPES[request.format] },
        seed: request.seed,
        width: request.width,
        height: request.height,
        latencyMs: Math.round(performance.now() - started),
        costUsd: 0,
        nsfw: false,
      };
    },
  };
}

function invalid(request: GenerationRequest): string | undefined {
  if (!isAvatarStyleId(request.style)) return `unknown avatar style "${request.style}"`;
  if (!Number.isSafeInteger(request.seed)) return `seed must be a safe integer`;
  for (const side of [request.width, request.height]) {
    if (!Number.isInteger(side) || side < MIN_RENDER_SIZE || side > MAX_RENDER_SIZE) {
      return `size must be ${MIN_RENDER_SIZE}..${MAX_RENDER_SIZE} px, got ${request.width}x${request.height}`;
    }
  }
  return undefined;
}
