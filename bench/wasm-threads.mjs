#!/usr/bin/env node
// Can tfjs-backend-wasm use more than one thread under Node? tfjs hard-wires its multithreading flag off
// in Node (tfjs issue 3830), and forcing it fails because Emscripten's pthread workers are created from
// blob: URLs, which Node's worker_threads refuse (ERR_WORKER_PATH). This experiment writes the worker
// script and the module factory to files, answers their blob: URLs with those paths during init, and
// forces the flag; it then reports the thread pool tfjs ends up with and times a matMul and a conv2d
// against the single-threaded backend (run in a child process, since tfjs initialises wasm once).
//
//   node bench/wasm-threads.mjs [--threads 2]
// Finding on the project machine (2 cores, 2026-12-01): the threaded build loads and runs, but
// getThreadsCount() answers 1 even after setThreadsCount(2), so nothing runs in parallel yet.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { threads: { type: 'string', default: '2' }, child: { type: 'string' } },
});
const require = createRequire(import.meta.url);

async function measure(mode) {
  const tf = require('@tensorflow/tfjs-core');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  if (mode === 'threaded') {
    const {
      wasmWorkerContents,
    } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
    const factory = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
    const dir = mkdtempSync(join(tmpdir(), 'tfjs-wasm-threads-'));
    const mainScript = join(dir, 'main.js');
    const workerScript = join(dir, 'worker.js');
    writeFileSync(
      mainScript,
      `var WasmBackendModuleThreadedSimd = ${(factory.default ?? factory).toString()}`,
    );
    // Inside a worker the factory is loaded from a blob: URL too: answer it with the file.
    // (The contents hold "\n" escapes that a string export turned into newlines; tfjs re-escapes them.)
    writeFileSync(
      workerScript,
      `URL.createObjectURL = () => ${JSON.stringify(mainScript)};\n${wasmWorkerContents.replace(/\n/g, '\\n')}`,
    );
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob) =>
      blob.type === 'application/javascript'
        ? workerScript
        : blob.type === 'text/javascript'
          ? mainScript
          : original(blob);
    wasm.setThreadsCount(Number(values.threads));
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  const time = (run, repeat) => {
    for (let i = 0; i < 2; i++) run().dataSync();
    const t0 = performance.now();
    for (let i = 0; i < repeat; i++) run().dataSync();
    return (performance.now() - t0) / repeat;
  };
  const a = tf.randomNormal([512, 512]);
  const x = tf.randomNormal([64, 32, 32, 64]);
  const k = tf.randomNormal([4, 4, 64, 128]);
  return {
    mode,
    threads: wasm.getThreadsCount(),
    matMul512Ms: time(() => tf.matMul(a, a), 20),
    conv2dMs: time(() => tf.conv2d(x, k, 2, 'same'), 5),
  };
}

if (values.child) {
  console.log(JSON.stringify(await measure(values.child)));
  process.exit(0);
}
const script = fileURLToPath(import.meta.url);
for (const mode of ['single', 'threaded']) {
  const child = spawnSync(process.execPath, [script, '--child', mode, '--threads', values.threads], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = child.stdout.trim().split('\n').at(-1);
  if (child.status !== 0 || !line) {
    console.log(
      `${mode}: failed — ${(child.stderr || 'no output').trim().split('\n').slice(0, 3).join(' | ')}`,
    );
    continue;
  }
  const r = JSON.parse(line);
  console.log(
    `${mode}: ${r.threads} thread(s) in tfjs's pool · matMul 512×512 ${r.matMul512Ms.toFixed(1)} ms · conv2d 64×32×32×64 → 128 (4×4, stride 2) ${r.conv2dMs.toFixed(1)} ms`,
  );
}
