#!/usr/bin/env node
// Why the studio wraps the wasm backend's matrix products (src/backends/wasm-transposed-matmul.ts):
// milliseconds per n×n product on tfjs-backend-wasm, plain and with each operand transposed, with the
// stock kernels and then with the studio's wrapper installed, which copies a transposed operand first.
//
//   node bench/wasm-matmul.mjs [--size 128] [--repeat 50]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { bundleSources } from './lib/bundle-sources.mjs';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '128' }, repeat: { type: 'string', default: '50' } },
});
const n = Number(values.size);
const repeat = Number(values.repeat);
const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the repository (out/ is ignored), so the bundle resolves packages from node_modules.
const out = join(root, 'out/bench-matmul');
await bundleSources(root, out, { matmul: 'src/backends/wasm-transposed-matmul.ts' });
const { installFastWasmTransposedMatMul } = await import(join(out, 'matmul.js'));
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-wasm');

function measure(label) {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const cases = { 'a·b': [false, false], 'aᵀ·b': [true, false], 'a·bᵀ': [false, true] };
  const row = [];
  for (const [name, [ta, tb]] of Object.entries(cases)) {
    for (let i = 0; i < 5; i++) tf.matMul(a, b, ta, tb).dataSync();
    const t0 = performance.now();
    for (let i = 0; i < repeat; i++) tf.matMul(a, b, ta, tb).dataSync();
    row.push(`${name} ${((performance.now() - t0) / repeat).toFixed(2)} ms`);
  }
  tf.dispose([a, b]);
  console.log(`${label}: ${row.join(' · ')}`);
}

await tf.setBackend('wasm');
measure(`stock wasm kernels, ${n}×${n}`);
// The wrapper takes effect for kernels run after it is installed.
installFastWasmTransposedMatMul();
measure(`with the studio's wrapper, ${n}×${n}`);
