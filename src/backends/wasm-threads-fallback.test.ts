import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { activeWasmThreads, useWasmThreads, wasmThreadsFailure } from './wasm-threads';

// When the multithreaded build cannot start — here its worker scripts cannot be written, as on a
// machine without a writable temporary folder — wasm still initialises, single-threaded, and says why.
// A file of its own: vitest gives each file a fresh process, and wasm initialises once per process.

afterAll(() => {
  vi.unstubAllEnvs();
});

it('falls back to the single-threaded build and keeps the reason', async () => {
  tf.env().set('PROD', true);
  vi.stubEnv('TMPDIR', join('/nonexistent', 'gan-studio-no-temp'));
  useWasmThreads(2);
  expect(await tf.setBackend('wasm')).toBe(true);
  expect(activeWasmThreads()).toBe(1);
  expect(wasmThreadsFailure()).toMatch(/ENOENT/);
  const sum = tf.add(tf.scalar(1), tf.scalar(2));
  expect(await sum.data()).toEqual(new Float32Array([3]));
});
