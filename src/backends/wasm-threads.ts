import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { firstLine } from './backend-candidate';

/**
 * tfjs-backend-wasm ships a multithreaded build (XNNPACK's matrix products and convolutions on a
 * pthreadpool), but under Node it never runs, for three reasons, each worked around here for the one
 * initialisation of the backend and undone afterwards:
 *
 * 1. tfjs evaluates WASM_HAS_MULTITHREAD_SUPPORT to false in Node (tfjs issue 3830): it is set to true.
 * 2. Emscripten starts its pthread workers from blob: URLs, which Node's worker_threads refuse
 *    (ERR_WORKER_PATH): the worker script and the module factory are written to files, and their blob:
 *    URLs are answered with those paths.
 * 3. The backend caps its pool at half the logical cores (it assumes two hyperthreads per core), so at 1
 *    on a 2-core machine whatever `setThreadsCount` asks: the core count it reads (os.cpus() under Node)
 *    is doubled while it initialises.
 *
 * Measured on the project machine (2 cores): bench/wasm-threads.mjs and the training benchmark.
 */

let preferred: number | null = null;

/** What this process's work wants (see the trainer's chooseBackend); before the backend loads. */
export function preferWasmThreads(threads: number | null): void {
  preferred = threads;
}

/**
 * How many threads the wasm backend runs on: GAN_STUDIO_WASM_THREADS (for measuring), else what this
 * process preferred, else every core — at most 8.
 */
export function wasmThreadCount(env: NodeJS.ProcessEnv = process.env, cores = os.cpus().length): number {
  const asked = Number(env.GAN_STUDIO_WASM_THREADS);
  const count = Number.isInteger(asked) && asked > 0 ? asked : (preferred ?? cores);
  // Emscripten pre-creates 8 workers in this build: more threads would wait for a 9th forever.
  return Math.max(1, Math.min(count, MAX_THREADS));
}

const MAX_THREADS = 8;
const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';
const require = createRequire(import.meta.url);

interface WasmPackage {
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
}

const wrapped = new WeakSet<object>();
let threadsFailure: string | null = null;

/** Why the multithreaded build did not start, when it was asked for and did not; else null. */
export function wasmThreadsFailure(): string | null {
  return threadsFailure;
}

/**
 * Re-registers the `wasm` backend so that its initialisation takes the multithreaded build with
 * `threads` threads (1: the stock single-threaded build, nothing changed). Call after the package is
 * imported and before the backend is first used. Idempotent.
 */
export function useWasmThreads(threads: number): void {
  if (threads <= 1) return;
  const factory = tf.findBackendFactory('wasm');
  if (!factory || wrapped.has(factory)) return;
  const wasm = require(WASM_PACKAGE) as WasmPackage;
  const init = async () => {
    try {
      return await initThreaded(factory, wasm, threads);
    } catch (error) {
      // The threaded build did not start (no writable temporary folder, workers refused): the stock
      // single-threaded build still trains, only slower, and the backend's description says why.
      threadsFailure = firstLine(error);
      wasm.setThreadsCount(1);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      return factory();
    }
  };
  wrapped.add(init);
  tf.removeBackend('wasm');
  // The package registers wasm with priority 2; the backend is chosen by name here anyway.
  tf.registerBackend('wasm', init, 2);
}

/** The package's own initialisation, with the workarounds above in place while it runs. */
async function initThreaded(
  factory: NonNullable<ReturnType<typeof tf.findBackendFactory>>,
  wasm: WasmPackage,
  threads: number,
) {
  const restore = patchForThreadedInit(threads);
  try {
    wasm.setThreadsCount(threads);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    const backend = await factory();
    keepOnlyPoolWorkers(backend as unknown as ThreadedBackend);
    return backend;
  } finally {
    restore();
  }
}

/** The parts of Emscripten's pthread bookkeeping that the threaded build exposes. */
interface ThreadedBackend {
  readonly wasm?: {
    readonly PThread?: {
      unusedWorkers: { terminate(): unknown }[];
      readonly runningWorkers: readonly { unref(): void }[];
    };
  };
}

/**
 * Emscripten starts 8 workers whatever the pool needs, and Node stays alive while any runs. The pool's
 * own workers (threads − 1; the calling thread is the other) stay, unreferenced, so a finished process
 * exits; the idle ones are ended (≈ 10 MB each). tfjs starts no other threads.
 */
function keepOnlyPoolWorkers(backend: ThreadedBackend): void {
  const pthreads = backend.wasm?.PThread;
  if (!pthreads) return;
  for (const worker of pthreads.unusedWorkers) void worker.terminate();
  pthreads.unusedWorkers = [];
  for (const worker of pthreads.runningWorkers) worker.unref();
}

/** The thread count the initialised wasm backend really has (1 before it initialises). */
export function activeWasmThreads(): number {
  const count = (require(WASM_PACKAGE) as WasmPackage).getThreadsCount();
  return count > 0 ? count : 1;
}

/** Installs the workarounds 2 and 3 above; returns what undoes them. */
function patchForThreadedInit(threads: number): () => void {
  const factoryPath = require.resolve(`${WASM_PACKAGE}/wasm-out/tfjs-backend-wasm-threaded-simd.js`);
  const workerPath = require.resolve(`${WASM_PACKAGE}/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`);
  const factory = require(factoryPath) as { default?: unknown };
  const { wasmWorkerContents } = require(workerPath) as { wasmWorkerContents: string };
  const scripts = writeThreadScripts(String(factory.default ?? factory), wasmWorkerContents);

  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob) =>
    blob.type === 'application/javascript'
      ? scripts.worker
      : blob.type === 'text/javascript'
        ? scripts.main
        : createObjectURL(blob);
  const cpus = os.cpus;
  const one = cpus()[0];
  os.cpus = () => (one ? Array.from({ length: 2 * threads }, () => one) : cpus());
  return () => {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  };
}

let scriptsDir: string | null = null;

/**
 * The module factory and the worker script as files (workers load them for as long as the process
 * lives; removed when it exits). Inside a worker the factory is again requested through a blob: URL,
 * which the worker script's first line answers with the file.
 */
function writeThreadScripts(factorySource: string, workerContents: string) {
  if (!scriptsDir) {
    scriptsDir = mkdtempSync(join(os.tmpdir(), 'gan-studio-wasm-threads-'));
    const dir = scriptsDir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const main = join(scriptsDir, 'threaded-simd.js');
  const worker = join(scriptsDir, 'threaded-simd.worker.js');
  writeFileSync(main, `var WasmBackendModuleThreadedSimd = ${factorySource}`);
  // The exported contents hold "\n" escapes that became newlines; tfjs re-escapes them the same way.
  writeFileSync(
    worker,
    `URL.createObjectURL = () => ${JSON.stringify(main)};\n${workerContents.replace(/\n/g, '\\n')}`,
  );
  return { main, worker };
}
