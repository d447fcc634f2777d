#!/usr/bin/env node
// The floor under any sharp-based import: CPU time per image for sharp calls that do almost nothing,
// one at a time, on tiny inputs. It is a property of sharp and libvips on this machine, not of the
// studio's pipeline (bench/import-throughput.mjs measures that), and bounds images/s per core from above.
//
//   node bench/sharp-floor.mjs [--count 1000]
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' } } });
const count = Number(values.count);
// As in src/core/datasets/import/decode-image.ts.
sharp.concurrency(1);
sharp.cache(false);

async function cpuMsPerCall(call) {
  for (let i = 0; i < 50; i++) await call(); // warm up
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await call();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / count;
}

const side = 32;
const raw = { width: side, height: side, channels: 3 };
const pixels = Buffer.alloc(side * side * 3);
for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) & 255;
const png = await sharp(pixels, { raw }).png().toBuffer();
const jpeg = await sharp(pixels, { raw }).jpeg().toBuffer();

console.log(
  `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}; ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}`,
);
const rows = [
  ['raw pixels → raw (no decoding at all)', () => sharp(pixels, { raw }).raw().toBuffer()],
  [`${side}×${side} PNG header only (metadata)`, () => sharp(png).metadata()],
  [`${side}×${side} PNG → raw`, () => sharp(png).raw().toBuffer()],
  [`${side}×${side} JPEG → raw`, () => sharp(jpeg).raw().toBuffer()],
];
for (const [what, call] of rows) {
  const ms = await cpuMsPerCall(call);
  console.log(
    `${what.padEnd(42)} ${ms.toFixed(3)} ms CPU per call → at most ${Math.round(1000 / ms)} per core`,
  );
}
