import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, query } from "@/lib/db";
import { AVATAR_STYLE_IDS } from "@/lib/catalog/styles";
import { getObjectBytes } from "@/lib/storage";
import { decodeCursor, encodeCursor } from "./cursor";
import { fetchPageRows, type GalleryFilter, toPrefixTsquery } from "./page-query";
import { getGalleryAvatar, getGalleryObjectKeys, listGallery } from "./queries";
import { seedGallery } from "./seed";

const COUNT = 36; // three per style

beforeAll(async () => {
  await query("truncate public.gallery_avatars restart identity");
  const result = await seedGallery({ count: COUNT, concurrency: 3 });
  expect(result).toEqual({ done: COUNT, total: COUNT, skipped: 0 });
}, 120_000);
afterAll(closeDb);

describe("gallery seed", () => {
  it("indexes exactly the requested avatars across every style", async () => {
    const rows = await query<{ style: string; n: number }>(
      "select style, count(*)::int as n from public.gallery_avatars group by style",
    );
    expect(rows.map((r) => r.style).sort()).toEqual([...AVATAR_STYLE_IDS].sort());
    expect(rows.every((r) => r.n === COUNT / AVATAR_STYLE_IDS.length)).toBe(true);
  });

  it("is idempotent, even when two runs race", async () => {
    const [a, b] = await Promise.all([
      seedGallery({ count: COUNT + 6 }),
      seedGallery({ count: COUNT + 6 }),
    ]);
    expect(a.skipped).toBe(COUNT);
    expect(b.skipped).toBe(COUNT);
    const [{ n }] = (await query<{ n: number }>(
      "select count(*)::int as n from public.gallery_avatars",
    )) as [{ n: number }];
    expect(n).toBe(COUNT + 6);
    expect(await seedGallery({ count: COUNT + 6 })).toEqual({
      done: 0,
      total: 0,
      skipped: COUNT + 6,
    });
  });

  it("stores a 1024 px PNG original and WebP variants under content-addressed keys", async () => {
    const keys = (await getGalleryObjectKeys(1))!;
    const png = (await getObjectBytes(keys.png))!;
    expect(await sharp(png).metadata()).toMatchObject({ format: "png", width: 1024, height: 1024 });
    for (const size of [128, 256, 512, 1024] as const) {
      const webp = (await getObjectBytes(keys.webp[`${size}`]))!;
      expect(await sharp(webp).metadata(), `${size}`).toMatchObject({
        format: "webp",
        width: size,
        height: size,
      });
    }
    const { createHash } = await import("node:crypto");
    expect(keys.png).toContain(createHash("sha256").update(png).digest("hex"));
  });
});

describe("gallery queries", () => {
  it("pages newest first with a keyset cursor, without gaps or repeats", async () => {
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listGallery({ limit: 7, cursor });
      ids.push(...page.data.map((a) => a.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    // Not 1..N: inserts that lose an ON CONFLICT race still consume identity values.
    const all = await query<{ id: number }>(
      "select id from public.gallery_avatars order by id desc",
    );
    expect(ids).toEqual(all.map((r) => r.id));
    expect(ids).toHaveLength(COUNT + 6);
  });

  it("filters by style and searches prompt and tags with prefixes", async () => {
    const bottts = await listGallery({ style: "bottts", limit: 100 });
    expect(bottts.data.length).toBeGreaterThan(0);
    expect(bottts.data.every((a) => a.style === "bottts")).toBe(true);

    const glasses = await listGallery({ q: "glasses", limit: 100 });
    expect(glasses.data.length).toBeGreaterThan(0);
    for (const a of glasses.data) expect(`${a.prompt} ${a.tags.join(" ")}`).toMatch(/glass/i);

    const prefix = await listGallery({ q: "gla", limit: 100 });
    expect(prefix.data.map((a) => a.id)).toEqual(
      expect.arrayContaining(glasses.data.map((a) => a.id)),
    );

    const byStyleWord = await listGallery({ q: "pixel art", limit: 100 });
    expect(byStyleWord.data.every((a) => a.style === "pixel-art")).toBe(true);

    expect((await listGallery({ q: "zebra submarine", limit: 100 })).data).toEqual([]);
    expect((await listGallery({ q: "'&|!():*", limit: 100 })).data).toEqual([]);
  });

  it("returns one avatar with app-served image URLs and a blur placeholder", async () => {
    const avatar = await getGalleryAvatar(1);
    expect(avatar).toMatchObject({ id: 1, width: 1024, height: 1024 });
    expect(avatar!.images.webp["256"]).toMatch(
      /^\/i\/avatars\/[0-9a-f]{2}\/[0-9a-f]{64}\/256\.webp$/,
    );
    expect(avatar!.blur_data_url).toMatch(/^data:image\/webp;base64,/);
    expect(await getGalleryAvatar(999_999)).toBeNull();
  });
});

describe("two-step search", () => {
  const naive = async (q: GalleryFilter) => {
    const lastId = q.cursor ? decodeCursor(q.cursor) : null;
    const rows = await query<{ id: number }>(
      `select id from public.gallery_avatars
       where search @@ to_tsquery('english', $1) and ($2::text is null or style = $2) and ($3::bigint is null or id < $3)
       order by id desc limit $4`,
      [toPrefixTsquery(q.q!) ?? "", q.style ?? null, lastId, q.limit + 1],
    );
    return rows.map((r) => r.id);
  };

  it.each([1, 3, 10, 1_000])(
    "returns what one plain query returns, with a window of %i ids",
    async (window) => {
      const filters: GalleryFilter[] = [];
      for (const q of ["smiling", "glasses", "gla", "red hair", "beard", "zebra", "pixel art"]) {
        for (const cursor of [undefined, encodeCursor(30), encodeCursor(7)]) {
          filters.push({ q, cursor, limit: 5 }, { q, cursor, limit: 5, style: "avataaars" });
        }
      }
      for (const f of filters) {
        const rows = await fetchPageRows<{ id: number }>(query, "id", f, window);
        expect(
          rows.map((r) => r.id),
          JSON.stringify(f),
        ).toEqual(await naive(f));
      }
    },
  );
});
