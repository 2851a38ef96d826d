// tsx scripts/make-public-images.ts: writes the committed images of public/, made once and re-made
// only when the artwork changes: the web app manifest's icons (192 and 512 px, from app/icon.svg) and
// the social preview (og.png, 1200×630: the name, one line, and a grid of gallery avatars).
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { galleryEntry } from "../lib/gallery/prompts";
import { renderAvatar } from "../lib/providers/local/render";

const root = path.resolve(import.meta.dirname, "..");
const out = (name: string) => path.join(root, "public", name);
const WIDTH = 1200;
const HEIGHT = 630;
const AVATAR = 140;
const GAP = 18;

async function icons(): Promise<void> {
  const svg = readFileSync(path.join(root, "app", "icon.svg"));
  for (const size of [192, 512]) {
    // density scales the 32-unit viewBox up before rasterizing, so edges stay sharp.
    await sharp(svg, { density: (72 * size) / 32 })
      .resize(size, size)
      .png()
      .toFile(out(`icon-${size}.png`));
  }
}

const background = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <defs>
    <linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#6d3df5"/>
      <stop offset="1" stop-color="#d946ef"/>
    </linearGradient>
  </defs>
  <rect width="${WIDTH}" height="${HEIGHT}" fill="url(#g)"/>
  <rect x="72" y="96" width="96" height="96" rx="24" fill="#fff" fill-opacity="0.18"/>
  <path d="M108 120v48h28" fill="none" stroke="#fff" stroke-width="12" stroke-linecap="round" stroke-linejoin="round"/>
  <g fill="#fff" font-family="DejaVu Sans, sans-serif">
    <text x="72" y="310" font-size="88" font-weight="bold">Likeness</text>
    <text x="72" y="380" font-size="30" fill-opacity="0.92">Thousands of avatars to browse</text>
    <text x="72" y="420" font-size="30" fill-opacity="0.92">and download, or make your own.</text>
    <text x="72" y="540" font-size="24" fill-opacity="0.75">WebP · PNG · API · a dozen styles</text>
  </g>
</svg>`;

/** A rounded square mask, so each avatar sits in the grid like a card. */
const mask = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" width="${AVATAR}" height="${AVATAR}"><rect width="${AVATAR}" height="${AVATAR}" rx="28"/></svg>`,
);

async function socialPreview(): Promise<void> {
  const left = WIDTH - 64 - 3 * AVATAR - 2 * GAP;
  const top = (HEIGHT - 3 * AVATAR - 2 * GAP) / 2;
  const tiles = await Promise.all(
    Array.from({ length: 9 }, async (_, i) => {
      const png = await renderAvatar({ ...galleryEntry(i), size: AVATAR });
      const input = await sharp(png)
        .composite([{ input: mask, blend: "dest-in" }])
        .png()
        .toBuffer();
      const [col, row] = [i % 3, Math.floor(i / 3)];
      return { input, left: left + col * (AVATAR + GAP), top: top + row * (AVATAR + GAP) };
    }),
  );
  await sharp(Buffer.from(background)).composite(tiles).removeAlpha().png().toFile(out("og.png"));
}

await icons();
await socialPreview();
console.log("wrote public/icon-192.png, public/icon-512.png, public/og.png");
