#!/usr/bin/env node
// Folder-import throughput: generates N small PNGs, imports them with the real pipeline
// (src/core/datasets/import, bundled here with vite), and prints images/s, images/s per core, CPU time
// per image, the longest event-loop stall and peak RSS. Each configuration runs in a fresh child process
// so its peak RSS is its own.
//
//   node bench/import-throughput.mjs [--count 2000] [--side 128] [--size 64] [--concurrency default,1,2,4,8]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleSources } from './lib/bundle-sources.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'out', 'bench-import');

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    side: { type: 'string', default: '128' },
    size: { type: 'string', default: '64' },
    concurrency: { type: 'string', default: 'default' },
    child: { type: 'string' }, // internal: corpus folder of one measured run
  },
});

if (values.child) await measure(values.child);
else await main();

async function main() {
  const count = Number(values.count);
  const side = Number(values.side);
  const work = mkdtempSync(join(tmpdir(), 'gan-studio-bench-'));
  try {
    await bundle();
    const corpus = join(work, 'corpus');
    const started = performance.now();
    await writeCorpus(corpus, count, side);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Generated ${count} PNGs of ${side}×${side} in ${seconds} s; importing at ${values.size}×${values.size} RGB.`,
    );
    console.log(
      `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}.`,
    );
    for (const concurrency of values.concurrency.split(',')) {
      const output = execFileSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          '--child',
          corpus,
          '--size',
          values.size,
          '--concurrency',
          concurrency,
        ],
        { encoding: 'utf8' },
      );
      const r = JSON.parse(output.trim().split('\n').at(-1));
      console.log(
        `concurrency ${String(r.concurrency).padEnd(7)} ${r.imported} images in ${r.seconds.toFixed(2)} s: ` +
          `${r.imagesPerSecond.toFixed(0)} images/s, ${(r.imagesPerSecond / r.cores).toFixed(0)} images/s per core, ` +
          `${r.cpuMsPerImage.toFixed(2)} ms CPU per image, event loop stalled ≤ ${r.loopStallMs.toFixed(0)} ms, ` +
          `peak RSS ${r.peakRssMb.toFixed(0)} MB`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The host pieces this benchmark drives, bundled from source. */
function bundle() {
  return bundleSources(ROOT, BUNDLE, {
    import: 'src/core/datasets/import/index.ts',
    store: 'src/core/store/index.ts',
  });
}

/** Smooth gradients with a little noise, each file distinct: closer to photos than flat colour or pure noise. */
async function writeCorpus(dir, count, side) {
  const { default: sharp } = await import('sharp');
  mkdirSync(dir, { recursive: true });
  let seed = 1;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < count; i++) {
    const raw = Buffer.alloc(side * side * 3);
    const [a, b, c] = [random() * 255, random() * 255, random() * 255];
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const p = (y * side + x) * 3;
        const noise = random() * 24;
        raw[p] = (a + x * 1.5 + noise) & 255;
        raw[p + 1] = (b + y * 1.5 + noise) & 255;
        raw[p + 2] = (c + (x + y) * 0.7 + noise) & 255;
      }
    }
    const png = await sharp(raw, { raw: { width: side, height: side, channels: 3 } })
      .png()
      .toBuffer();
    writeFileSync(join(dir, `img-${String(i).padStart(5, '0')}.png`), png);
  }
}

async function measure(corpus) {
  const { importFolder } = await import(pathToFileURL(join(BUNDLE, 'import.js')).href);
  const { openStore } = await import(pathToFileURL(join(BUNDLE, 'store.js')).href);
  const dataDir = mkdtempSync(join(tmpdir(), 'gan-studio-bench-data-'));
  const db = openStore(join(dataDir, 'studio.db'));
  try {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const concurrency = values.concurrency === 'default' ? undefined : Number(values.concurrency);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    loop.enable();
    const { dataset } = await importFolder(
      { db, dataDir },
      corpus,
      { size: Number(values.size) },
      concurrency === undefined ? {} : { concurrency },
    );
    loop.disable();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      JSON.stringify({
        concurrency: values.concurrency,
        imported: dataset.imageCount,
        seconds,
        imagesPerSecond: dataset.imageCount / seconds,
        cores: availableParallelism(),
        cpuMsPerImage: (cpu.user + cpu.system) / 1000 / dataset.imageCount,
        loopStallMs: loop.max / 1e6,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      }),
    );
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
