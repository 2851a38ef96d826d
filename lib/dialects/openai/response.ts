import { ApiError } from "@/lib/api/errors";
import type { GenerationRow } from "@/lib/generations/repository";
import { presentGeneration } from "@/lib/generations/present";
import { styledPrompt } from "@/lib/providers/prompt";
import { getObjectBytes } from "@/lib/storage";
import { formatSize } from "./size";

/** One image of OpenAI's `ImagesResponse.data`. */
export type OpenAiImage = ({ url: string } | { b64_json: string }) & { revised_prompt?: string };

export interface OpenAiImagesResponse {
  created: number;
  data: OpenAiImage[];
  /** OpenAI's optional fields that say what was made. */
  size: string;
  output_format: "png";
}

/**
 * The prompt as the provider received it: cloud FLUX models get the avatar style spelled into the
 * prompt (styledPrompt); the local generator reads the normalized prompt. OpenAI returns
 * `revised_prompt` only when it changed the prompt, and so do we.
 */
export function revisedPrompt(row: GenerationRow, sent: string): string | undefined {
  const used =
    row.provider === "fal" || row.provider === "replicate"
      ? styledPrompt(row.params.prompt, row.params.style)
      : row.params.prompt;
  return used === sent ? undefined : used;
}

/** A succeeded generation as OpenAI's image: the PNG original's absolute URL, or its bytes. */
export async function toOpenAiImage(
  row: GenerationRow,
  options: { format: "url" | "b64_json"; prompt: string; request: Request },
): Promise<OpenAiImage> {
  const revised = revisedPrompt(row, options.prompt);
  const extra = revised === undefined ? {} : { revised_prompt: revised };
  if (options.format === "url") {
    const png = presentGeneration(row, options.request).images?.png;
    if (!png) throw missingImage(row);
    return { url: png, ...extra };
  }
  const bytes = row.object_keys ? await getObjectBytes(row.object_keys.png) : null;
  if (!bytes) throw missingImage(row);
  return { b64_json: bytes.toString("base64"), ...extra };
}

function missingImage(row: GenerationRow): ApiError {
  return new ApiError("internal_error", "The generated image could not be read from storage.", {
    cause: new Error(`generation ${row.id} succeeded without a readable PNG`),
  });
}

export function imagesResponse(
  images: OpenAiImage[],
  size: { width: number; height: number },
): OpenAiImagesResponse {
  return {
    created: Math.floor(Date.now() / 1000),
    data: images,
    size: formatSize(size),
    output_format: "png",
  };
}
