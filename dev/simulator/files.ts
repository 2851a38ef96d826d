import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { CONTENT_TYPES, renderLocalImage, type LocalImageSpec } from "@/lib/providers/local";
import { isAvatarStyleId } from "@/lib/catalog/styles";
import { parseStyledPrompt } from "@/lib/providers/prompt";
import { sendJson } from "./http";

export const DEFAULT_STYLE = "adventurer";

const EXTENSIONS: Record<LocalImageSpec["format"], string> = {
  png: "png",
  webp: "webp",
  jpeg: "jpg",
};

/**
 * The style the simulator draws: an explicit `style` input if valid, else the one the adapters put
 * in the prompt (see styledPrompt), else the default. The user's own words stay the prompt, so the
 * simulated image equals what the local generator makes for the same request.
 */
export function promptAndStyle(text: string, style?: unknown): { prompt: string; style: string } {
  const parsed = parseStyledPrompt(text);
  const prompt = parsed?.prompt ?? text;
  if (typeof style === "string" && isAvatarStyleId(style)) return { prompt, style };
  if (parsed && isAvatarStyleId(parsed.style)) return parsed;
  return { prompt, style: DEFAULT_STYLE };
}

const CACHE_SIZE = 32;

/**
 * Output images are recorded as specs and drawn when first downloaded; a handful of recent renders
 * are kept because clients often fetch the same URL twice (HEAD then GET, retries).
 */
export class ImageStore {
  private readonly specs = new Map<string, LocalImageSpec>();
  private readonly cache = new Map<string, Buffer>();

  register(spec: LocalImageSpec): string {
    const id = randomUUID().replaceAll("-", "");
    this.specs.set(id, spec);
    if (this.specs.size > 50_000) {
      const oldest = this.specs.keys().next().value;
      if (oldest !== undefined) this.specs.delete(oldest);
    }
    return id;
  }

  url(origin: string, id: string): string {
    const spec = this.specs.get(id);
    return `${origin}/files/${id}.${spec ? EXTENSIONS[spec.format] : "png"}`;
  }

  /** GET/HEAD /files/{id}.{ext}; `.txt` is the non-image the malformed fault points at. */
  async serve(res: ServerResponse, name: string, head: boolean): Promise<void> {
    const match = /^([0-9a-f]{32})\.(png|jpg|webp|txt)$/.exec(name);
    const spec = match?.[1] === undefined ? undefined : this.specs.get(match[1]);
    if (match?.[2] === "txt") {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(head ? undefined : "not an image\n");
      return;
    }
    if (!match || !spec) return sendJson(res, 404, { detail: "file not found" });
    const bytes = await this.render(match[1]!, spec);
    res.writeHead(200, {
      "Content-Type": CONTENT_TYPES[spec.format],
      "Content-Length": bytes.length,
      "Cache-Control": "public, max-age=3600",
    });
    res.end(head ? undefined : bytes);
  }

  private async render(id: string, spec: LocalImageSpec): Promise<Buffer> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const bytes = await renderLocalImage(spec);
    this.cache.set(id, bytes);
    for (const key of this.cache.keys()) {
      if (this.cache.size <= CACHE_SIZE) break;
      this.cache.delete(key);
    }
    return bytes;
  }
}
