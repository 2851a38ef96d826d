import sharp from "sharp";
import { env } from "@/lib/env";
import { ResponseTooLargeError, safeFetch } from "@/lib/net/safe-fetch";
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
      : await download(result.provider, result.image.url, result.image.endpointHost);
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

/**
 * Downloads an output URL under the SSRF rules (lib/net): a provider, or whoever controls its
 * answer, cannot make the worker fetch an internal address. The configured endpoint's own host and
 * OUTBOUND_ALLOWED_HOSTS are the exceptions. A refused URL is retryable like any bad output: the
 * next try (or provider) may return a good one.
 */
async function download(
  provider: ProviderResult["provider"],
  url: string,
  endpointHost: string | undefined,
): Promise<Buffer> {
  const allowedHosts = [...env().outboundAllowedHosts, ...(endpointHost ? [endpointHost] : [])];
  let response;
  try {
    response = await safeFetch(url, {
      policy: { allowedHosts },
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      maxBytes: MAX_BYTES,
    });
  } catch (error) {
    const message =
      error instanceof ResponseTooLargeError
        ? `${provider}'s output is too large`
        : `Downloading ${provider}'s output failed: ${(error as Error).message}`;
    throw new ProviderError(provider, "retryable", message, { cause: error });
  }
  if (response.status < 200 || response.status >= 300) {
    throw new ProviderError(
      provider,
      "retryable",
      `Downloading ${provider}'s output answered ${response.status}`,
      { status: response.status },
    );
  }
  return response.body;
}
