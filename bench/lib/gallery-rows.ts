import type pg from "pg";
import { galleryEntry } from "../../lib/gallery/prompts";

const BATCH = 5000;

/**
 * Makes the bench database's gallery exactly `rows` index rows (the seed script's prompts and tags,
 * with stand-in object keys: the benchmarks measure queries, never image bytes). Kept when the count
 * already matches, since reseeding 100k rows takes a while.
 */
export async function ensureGalleryRows(client: pg.Client, rows: number): Promise<void> {
  const have = Number(
    (await client.query("select count(*) from public.gallery_avatars")).rows[0].count,
  );
  if (have === rows) return;
  console.log(`seeding ${rows} index rows…`);
  await client.query("truncate public.gallery_avatars restart identity");
  const keys = JSON.stringify({
    png: "bench/original.png",
    webp: {
      128: "bench/128.webp",
      256: "bench/256.webp",
      512: "bench/512.webp",
      1024: "bench/1024.webp",
    },
  });
  for (let start = 0; start < rows; start += BATCH) {
    const entries = Array.from({ length: Math.min(BATCH, rows - start) }, (_, i) =>
      galleryEntry(start + i),
    );
    await client.query(
      `insert into public.gallery_avatars (style, prompt, seed, tags, content_sha256, object_keys, width, height, blur_data_url)
       select style, prompt, seed, string_to_array(tags, ','), md5(prompt || seed), $5::jsonb, 1024, 1024, 'data:image/webp;base64,'
       from unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) as t(style, prompt, seed, tags)`,
      [
        entries.map((e) => e.style),
        entries.map((e) => e.prompt),
        entries.map((e) => e.seed),
        entries.map((e) => e.tags.join(",")),
        keys,
      ],
    );
  }
  await client.query("vacuum analyze public.gallery_avatars");
}
