import { query } from "@/lib/db";
import { type ImageObjectKeys, storeImage } from "@/lib/images/store-image";
import { VARIANT_SIZES } from "@/lib/catalog/image-sizes";
import type { GalleryObjectKeys } from "./queries";
import { renderAvatar } from "@/lib/providers/local/render";
import { galleryEntry } from "./prompts";

export const GALLERY_ORIGINAL_SIZE = 1024;
const INSERT_BATCH = 50;

export interface SeedProgress {
  done: number;
  total: number;
  skipped: number;
}

export interface NewGalleryAvatar {
  index: number;
  style: string;
  prompt: string;
  seed: number;
  tags: string[];
  sha256: string;
  keys: GalleryObjectKeys;
  width: number;
  height: number;
  blur: string;
}

/** Renders one gallery entry with the local generator and stores it; returns the row to index. */
async function produce(index: number): Promise<NewGalleryAvatar> {
  const entry = galleryEntry(index);
  const png = await renderAvatar({
    prompt: entry.prompt,
    style: entry.style,
    seed: entry.seed,
    size: GALLERY_ORIGINAL_SIZE,
  });
  return storeGalleryImage(index, png);
}

/** Stores gallery entry `index`'s image (original, variants, blur) and returns the row to index. */
export async function storeGalleryImage(index: number, png: Buffer): Promise<NewGalleryAvatar> {
  const entry = galleryEntry(index);
  const stored = await storeImage(png);
  return {
    index,
    ...entry,
    sha256: stored.sha256,
    keys: galleryKeys(stored.keys),
    width: stored.width,
    height: stored.height,
    blur: stored.blurDataUrl,
  };
}

/** A gallery row lists every WebP size, so an original too small to have them all is refused. */
export function galleryKeys(keys: ImageObjectKeys): GalleryObjectKeys {
  const webp = {} as GalleryObjectKeys["webp"];
  for (const size of VARIANT_SIZES) {
    const key = keys.webp[`${size}`];
    if (!key)
      throw new Error(`a gallery avatar needs a ${size} px variant; its original is smaller`);
    webp[`${size}`] = key;
  }
  return { png: keys.png, webp };
}

export async function insertGalleryRows(rows: NewGalleryAvatar[]): Promise<void> {
  if (rows.length === 0) return;
  // Insert in entry order so ids follow the deterministic gallery order, whatever order renders finish in.
  rows.sort((a, b) => a.index - b.index);
  // Tags are slugs (no commas), so they travel as one comma-joined string per row: unnest cannot
  // produce rows of arrays from a two-dimensional array.
  await query(
    `insert into public.gallery_avatars
       (style, prompt, seed, tags, content_sha256, object_keys, width, height, blur_data_url)
     select t.style, t.prompt, t.seed, string_to_array(t.tags, ','), t.sha, t.keys, t.width, t.height, t.blur
     from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::int[], $9::text[])
       with ordinality as t(style, prompt, seed, tags, sha, keys, width, height, blur, ord)
     order by t.ord
     on conflict (style, seed, prompt) do nothing`,
    [
      rows.map((r) => r.style),
      rows.map((r) => r.prompt),
      rows.map((r) => r.seed),
      rows.map((r) => r.tags.join(",")),
      rows.map((r) => r.sha256),
      rows.map((r) => JSON.stringify(r.keys)),
      rows.map((r) => r.width),
      rows.map((r) => r.height),
      rows.map((r) => r.blur),
    ],
  );
}

/** Indexes below `count` whose gallery entry is not indexed yet, in order. */
export async function missingGalleryIndices(count: number): Promise<number[]> {
  const existing = new Set(
    (
      await query<{ k: string }>(
        "select style || '|' || seed || '|' || prompt as k from public.gallery_avatars",
      )
    ).map((r) => r.k),
  );
  const todo: number[] = [];
  for (let i = 0; i < count; i++) {
    const e = galleryEntry(i);
    if (!existing.has(`${e.style}|${e.seed}|${e.prompt}`)) todo.push(i);
  }
  return todo;
}

export async function hasGalleryEntry(index: number): Promise<boolean> {
  const e = galleryEntry(index);
  const rows = await query(
    "select 1 from public.gallery_avatars where style = $1 and seed = $2 and prompt = $3",
    [e.style, e.seed, e.prompt],
  );
  return rows.length > 0;
}

/**
 * Makes the gallery hold the first `count` deterministic entries, rendered in this process with the
 * local generator (fixtures for tests and benchmarks; `npm run seed` goes through the queue instead). Idempotent: entries already
 * indexed are skipped, objects are content-addressed (a re-upload writes identical bytes to the same
 * key), and the unique (style, seed, prompt) constraint makes a concurrent second run harmless.
 */
export async function seedGallery(options: {
  count: number;
  concurrency?: number;
  onProgress?: (p: SeedProgress) => void;
}): Promise<SeedProgress> {
  const todo = await missingGalleryIndices(options.count);
  const progress: SeedProgress = {
    done: 0,
    total: todo.length,
    skipped: options.count - todo.length,
  };
  options.onProgress?.(progress);

  let next = 0;
  let pending: NewGalleryAvatar[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    await insertGalleryRows(batch);
  };
  const worker = async () => {
    while (next < todo.length) {
      const index = todo[next++]!;
      // Not `pending.push(await …)`: that reads `pending` before the await, and a flush by another
      // worker in between would leave this row in an array that has already been inserted.
      const row = await produce(index);
      pending.push(row);
      progress.done++;
      if (pending.length >= INSERT_BATCH) await flush();
      options.onProgress?.(progress);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  await flush();
  return progress;
}
