import sharp from "sharp";
import { type ProviderResult, ProviderError } from "./types";

const MAX_BYTES = 25 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;
/** The fixed last chunk of every PNG: length 0, type IEND, CRC. */
const PNG_IEND = Buffer.from("0000000049454e44ae426082", "hex");

/**
 * A provider's output as PNG bytes: downloaded when it is a URL, checked to be a real image (a
 * provider that answers with an error page or a truncated file is a retryable failure, not a picture
 * to store), and converted to PNG, the format of every stored original.
 */
export async function outputAsPng(
  result: ProviderResult,
): Promise<{ png: Buffer; width: number; height: number }> {
  const bytes =
    "bytes" in result.image
      ? result.image.bytes
      : await download(result.provider, result.image.url);
  try {
    const image = sharp(bytes, { failOn: "error" });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) throw new Error("no dimensions");
    // A PNG is kept as it came (decoding it whole would cost more than the rest of storing it), so
    // check it is complete: a truncated download lacks the closing IEND chunk. Other formats are
    // decoded whole by the conversion, which fails on a broken file.
    if (meta.format === "png" && !bytes.subarray(-12).equals(PNG_IEND))
      throw new Error("truncated PNG");
    const png = meta.format === "png" ? bytes : await image.png().toBuffer();
    return { png, width: meta.width, height: meta.height };
  } catch (error) {
    throw new ProviderError(
      result.provider,
      "retryable",
      `${result.provider} returned something that is not an image`,
      {
        cause: error,
      },
    );
  }
}

async function download(provider: ProviderResult["provider"], url: string): Promise<Buffer> {
  if (!/^https?:\/\//.test(url)) {
    throw new ProviderError(
      provider,
      "retryable",
      `${provider} returned an output URL we cannot fetch`,
    );
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw new ProviderError(provider, "retryable", `Downloading ${provider}'s output failed`, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new ProviderError(
      provider,
      "retryable",
      `Downloading ${provider}'s output answered ${response.status}`,
      {
        status: response.status,
      },
    );
  }
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > MAX_BYTES)
    throw new ProviderError(provider, "retryable", `${provider}'s output is too large`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.byteLength > MAX_BYTES)
    throw new ProviderError(provider, "retryable", `${provider}'s output is too large`);
  return bytes;
}
