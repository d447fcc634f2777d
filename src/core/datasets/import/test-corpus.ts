import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { RejectKind } from './rejects';

/**
 * Test-only: builds folders of real image files with sharp at test time (nothing binary is checked in).
 * Every good image is one solid colour (or two halves), so its expected pixels are known without
 * decoding it the way the importer does.
 */

export type Rgb = readonly [number, number, number];

export interface GoodImage {
  /** Display path relative to the corpus root. */
  readonly path: string;
  /** Expected mean colour after import, and the tolerance a lossy format needs. */
  readonly colour: Rgb;
  readonly tolerance: number;
}

export interface Corpus {
  readonly root: string;
  /** In scan order: the root's files in byte order of their names, then subfolders. */
  readonly good: readonly GoodImage[];
  /** Display path → the kind of reject expected. */
  readonly rejected: ReadonlyMap<string, RejectKind>;
  /** False where chmod 000 does not stop this process reading (root): the file then imports fine. */
  readonly lockedIsUnreadable: boolean;
}

export const solid = (width: number, height: number, colour: Rgb, alpha = 1) =>
  sharp({
    create: { width, height, channels: 4, background: { r: colour[0], g: colour[1], b: colour[2], alpha } },
  });

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid 1-bit grey PNG of side×side black pixels: tens of KB on disk, side² pixels decoded. */
export function bombPng(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth 1; colour type 0 (grey), deflate, no filter, no interlace
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side); // each row: filter byte 0, then zero bits
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks = [pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 1 }))];
  return Buffer.concat([signature, ...chunks, pngChunk('IEND', Buffer.alloc(0))]);
}

/** A 2×2 24-bit BMP: a real image in a format libvips 8.x has no reader for. */
function bmp(): Buffer {
  const pixels = Buffer.alloc(2 * 8); // two rows of 2 × 3 bytes, padded to 4
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  return Buffer.concat([header, pixels]);
}

/** Stored 60×30, left half red and right half blue, tagged EXIF orientation 6 (shown as 30×60, red on top). */
export async function exifRotatedJpeg(): Promise<Buffer> {
  const raw = Buffer.alloc(60 * 30 * 3);
  for (let p = 0; p < 60 * 30; p++) raw.set(p % 60 < 30 ? [255, 0, 0] : [0, 0, 255], p * 3);
  return sharp(raw, { raw: { width: 60, height: 30, channels: 3 } })
    .jpeg({ quality: 95 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** Name bytes that are not UTF-8: "caf", Latin-1 é, ".png"; displayed as "caf\uFFFD.png". */
export const LATIN1_NAME = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.png')]);

type Expect = { readonly colour: Rgb; readonly tolerance?: number } | RejectKind;

/**
 * The mixed corpus: every format and every way a file can be unusable. Import it with minSide 16
 * (good images are ≥ 30 px on the shorter side; tiny.png is 20×10).
 */
export async function writeMixedCorpus(root: string, outside: string): Promise<Corpus> {
  mkdirSync(join(root, 'z-nested', 'deeper'), { recursive: true });
  mkdirSync(join(root, '.hidden-folder'));
  mkdirSync(join(root, '__MACOSX'));
  mkdirSync(outside, { recursive: true });
  const png = (w: number, h: number, colour: Rgb, alpha = 1) => solid(w, h, colour, alpha).png().toBuffer();
  const rgb = (w: number, h: number, colour: Rgb) => solid(w, h, colour).removeAlpha();
  const pngBytes = await png(300, 200, [10, 10, 10]);
  const jpegBytes = await sharp(bombPng(64)).resize(200, 200).jpeg().toBuffer();

  // [name in root, bytes, what the import should make of it]
  const files: [string | Buffer, Buffer | string, Expect][] = [
    ['a-rgb.png', await rgb(48, 32, [250, 20, 20]).png().toBuffer(), { colour: [250, 20, 20] }],
    [
      'b-16bit.png',
      await rgb(40, 40, [20, 200, 60]).toColourspace('rgb16').png().toBuffer(),
      { colour: [20, 200, 60] },
    ],
    [
      'c-palette.png',
      await solid(40, 36, [30, 60, 220]).png({ palette: true }).toBuffer(),
      { colour: [30, 60, 220] },
    ],
    ['d-gray.png', await rgb(40, 40, [90, 90, 90]).grayscale().png().toBuffer(), { colour: [90, 90, 90] }],
    // Grey 200 at half alpha over the black background: 100.
    [
      'e-gray-alpha.png',
      await solid(40, 40, [200, 200, 200], 0.5).toColourspace('b-w').png().toBuffer(),
      { colour: [100, 100, 100], tolerance: 4 },
    ],
    ['f-rgba.png', await png(40, 40, [250, 250, 0], 0.5), { colour: [125, 125, 0], tolerance: 4 }],
    [
      'g.webp',
      await rgb(40, 40, [0, 200, 200]).webp({ lossless: true }).toBuffer(),
      { colour: [0, 200, 200] },
    ],
    ['h.gif', await solid(40, 40, [255, 0, 255]).gif().toBuffer(), { colour: [255, 0, 255], tolerance: 6 }],
    ['i.tiff', await rgb(40, 40, [120, 60, 0]).tiff().toBuffer(), { colour: [120, 60, 0] }],
    [
      'j.avif',
      await rgb(40, 40, [60, 120, 180]).avif({ quality: 90 }).toBuffer(),
      { colour: [60, 120, 180], tolerance: 12 },
    ],
    // CMYK → sRGB goes through a generic CMYK profile both ways: close, not exact.
    [
      'k-cmyk.jpg',
      await rgb(40, 40, [40, 160, 90]).toColourspace('cmyk').jpeg().toBuffer(),
      { colour: [40, 160, 90], tolerance: 25 },
    ],
    ['l-exif6.jpg', await exifRotatedJpeg(), { colour: [128, 0, 128], tolerance: 12 }],
    [LATIN1_NAME, await rgb(32, 32, [70, 0, 140]).png().toBuffer(), { colour: [70, 0, 140] }],
    ['u-locked.png', await rgb(32, 32, [5, 100, 5]).png().toBuffer(), { colour: [5, 100, 5] }],
    ['p-copy-of-a.png', await rgb(48, 32, [250, 20, 20]).png().toBuffer(), 'duplicate'],
    ['truncated.png', pngBytes.subarray(0, pngBytes.length - 60), 'damaged'],
    [
      'garbled.png',
      Buffer.concat([pngBytes.subarray(0, 16), Buffer.alloc(64, 7), pngBytes.subarray(80)]),
      'damaged',
    ],
    ['truncated.jpg', jpegBytes.subarray(0, jpegBytes.length >> 1), 'damaged'],
    ['text.jpg', 'hello, this is not a JPEG\n', 'not_image'],
    ['empty.png', Buffer.alloc(0), 'empty'],
    ['tiny.png', await rgb(20, 10, [1, 2, 3]).png().toBuffer(), 'too_small'],
    ['bomb.png', bombPng(20_000), 'too_large'],
    ['old.bmp', bmp(), 'unsupported'],
    ['drawing.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'unsupported'],
    ['notes.txt', 'some notes', 'not_image'],
    ['README', 'no extension', 'not_image'],
    ['.DS_Store', 'x', 'system'],
    ['Thumbs.db', 'x', 'system'],
    ['desktop.ini', 'x', 'system'],
    ['.hidden.png', await rgb(32, 32, [9, 9, 9]).png().toBuffer(), 'hidden'],
  ];
  for (const [name, bytes] of files) {
    writeFileSync(
      typeof name === 'string' ? join(root, name) : Buffer.concat([Buffer.from(root + '/'), name]),
      bytes,
    );
  }
  writeFileSync(join(root, '.hidden-folder', 'inside.png'), await rgb(32, 32, [8, 8, 8]).png().toBuffer());
  writeFileSync(join(root, '__MACOSX', '._a-rgb.png'), 'resource fork');
  writeFileSync(join(outside, 'linked.png'), await rgb(32, 32, [200, 100, 50]).png().toBuffer());
  symlinkSync(join(outside, 'linked.png'), join(root, 'm-link.png'));
  symlinkSync(join(root, 'a-rgb.png'), join(root, 'n-same-file.png'));
  symlinkSync(root, join(root, 'z-nested', 'loop'));
  symlinkSync(join(root, 'missing.png'), join(root, 'o-broken.png'));
  writeFileSync(
    join(root, 'z-nested', 'deeper', 'inner.jpg'),
    await rgb(50, 40, [10, 80, 160]).jpeg().toBuffer(),
  );

  const lockedPath = join(root, 'u-locked.png');
  chmodSync(lockedPath, 0);
  let lockedIsUnreadable = false;
  try {
    readFileSync(lockedPath);
  } catch {
    lockedIsUnreadable = true;
  }
  files.push(
    ['m-link.png', '', { colour: [200, 100, 50] }],
    ['n-same-file.png', '', 'duplicate'],
    ['o-broken.png', '', 'unreadable'],
    ['.hidden-folder', '', 'hidden'],
    ['__MACOSX', '', 'system'],
  );
  if (lockedIsUnreadable) files.find(([name]) => name === 'u-locked.png')![2] = 'unreadable';

  const inRoot = files
    .map(([name, , expect]) => ({ bytes: typeof name === 'string' ? Buffer.from(name) : name, expect }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const good: GoodImage[] = [];
  const rejected = new Map<string, RejectKind>();
  for (const { bytes, expect } of inRoot) {
    const path = bytes.toString('utf8');
    if (typeof expect === 'string') rejected.set(path, expect);
    else good.push({ path, colour: expect.colour, tolerance: expect.tolerance ?? 3 });
  }
  good.push({ path: 'z-nested/deeper/inner.jpg', colour: [10, 80, 160], tolerance: 8 });
  rejected.set('z-nested/loop', 'link_loop');
  return { root, good, rejected, lockedIsUnreadable };
}

/** Two classes (3 cats, 2 dogs), a loose file in the root and an empty class folder. */
export async function writeLabelledCorpus(root: string): Promise<void> {
  for (const dir of ['cats', 'dogs', 'empty-class']) mkdirSync(join(root, dir), { recursive: true });
  const write = async (path: string, colour: Rgb) =>
    writeFileSync(join(root, path), await solid(32, 32, colour).removeAlpha().png().toBuffer());
  await write('cats/1.png', [200, 0, 0]);
  await write('cats/2.png', [210, 0, 0]);
  await write('cats/3.png', [220, 0, 0]);
  await write('dogs/1.png', [0, 0, 200]);
  await write('dogs/2.png', [0, 0, 210]);
  await write('loose.png', [0, 200, 0]);
}

/** `count` small distinct PNGs (a gradient whose offset is the index), for cancel tests and benchmarks. */
export async function writeManyPngs(root: string, count: number, side = 32): Promise<void> {
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < count; i++) {
    const raw = Buffer.alloc(side * side * 3);
    for (let p = 0; p < raw.length; p++) raw[p] = (p + i * 7) & 255;
    raw.writeUIntLE(i, 0, 3); // the first pixel holds the index: every file differs
    const bytes = await sharp(raw, { raw: { width: side, height: side, channels: 3 } })
      .png()
      .toBuffer();
    writeFileSync(join(root, `img-${String(i).padStart(5, '0')}.png`), bytes);
  }
}
