import { allowListEntry } from "@/lib/net/ssrf";
import type { ProviderResult } from "./types";

/**
 * Checks on what a provider says it produced, before the worker spends a download on it. A URL that
 * is not http(s), or that names something other than an image, is malformed output (retryable), not
 * an image to store.
 */
const IMAGE_EXTENSION = /\.(png|jpe?g|webp)$/i;

export function imageUrlProblem(url: string, contentType?: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `not a URL: ${JSON.stringify(url.slice(0, 80))}`;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return `unexpected URL scheme ${parsed.protocol}`;
  }
  if (contentType !== undefined) {
    return contentType.startsWith("image/") ? undefined : `content type ${contentType}`;
  }
  return IMAGE_EXTENSION.test(parsed.pathname) ? undefined : `not an image URL: ${parsed.pathname}`;
}

/**
 * Marks a URL result with the host of the endpoint the adapter was configured with, so that its
 * download may reach that host (and only that one) past the SSRF rules. Unconfigured (the real
 * APIs), nothing is trusted: their output URLs are public.
 */
export function fromEndpoint(result: ProviderResult, baseUrl: string | undefined): ProviderResult {
  if (baseUrl === undefined || !("url" in result.image)) return result;
  return { ...result, image: { ...result.image, endpointHost: endpointHostOf(baseUrl) } };
}

export function endpointHostOf(baseUrl: string | undefined): string | undefined {
  return baseUrl === undefined ? undefined : allowListEntry(baseUrl);
}

/** 1 MP = 1024×1024, the size every FLUX price is quoted at. */
export function megapixels(width: number, height: number): number {
  return (width * height) / (1024 * 1024);
}
