import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeWasmThreads, preferWasmThreads, useWasmThreads, wasmThreadCount } from './wasm-threads';

// The multithreaded wasm build under Node: it initialises with the pool asked for (even on 2 cores,
// where tfjs alone caps it at 1), computes what cpu computes, keeps only the pool's workers, and puts
// back what it patched for the initialisation. Vitest runs each test file in a process of its own, so
// this file's wasm backend is a fresh one.

const cpus = os.cpus;
const createObjectURL = URL.createObjectURL;

beforeAll(async () => {
  tf.env().set('PROD', true);
  useWasmThreads(2);
  useWasmThreads(2);
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(() => preferWasmThreads(null));

describe('the threaded wasm backend', () => {
  it('runs on the 2 threads asked for, with no idle workers left', () => {
    expect(activeWasmThreads()).toBe(2);
    const pthreads = (tf.backend() as unknown as { wasm: { PThread: { unusedWorkers: unknown[] } } }).wasm
      .PThread;
    expect(pthreads.unusedWorkers).toHaveLength(0);
  });

  it('puts back os.cpus and URL.createObjectURL once initialised', () => {
    expect(os.cpus).toBe(cpus);
    expect(URL.createObjectURL).toBe(createObjectURL);
  });

  it('computes a convolution and a product as the cpu backend does', async () => {
    const values = (n: number, seed: number) =>
      Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed) * 0.5);
    const compute = () => {
      const x = tf.tensor4d(values(4 * 16 * 16 * 8, 1), [4, 16, 16, 8]);
      const k = tf.tensor4d(values(4 * 4 * 8 * 16, 2), [4, 4, 8, 16]);
      const a = tf.tensor2d(values(96 * 80, 3), [96, 80]);
      return tf.concat([
        tf.reshape(tf.conv2d(x, k, 2, 'same'), [-1]),
        tf.reshape(tf.matMul(a, a, false, true), [-1]),
      ]);
    };
    const threaded = tf.tidy(compute);
    const wasm = await threaded.data();
    threaded.dispose();
    expect(await tf.setBackend('cpu')).toBe(true);
    const reference = tf.tidy(compute);
    const cpu = await reference.data();
    reference.dispose();
    expect(await tf.setBackend('wasm')).toBe(true);
    expect(wasm.length).toBe(cpu.length);
    let worst = 0;
    for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(wasm[i]! - cpu[i]!));
    expect(worst).toBeLessThan(1e-4);
  });
});

describe('how many threads', () => {
  it('uses every core unless the work or the environment says otherwise, at most 8', () => {
    expect(wasmThreadCount({}, 2)).toBe(2);
    expect(wasmThreadCount({}, 32)).toBe(8);
    expect(wasmThreadCount({ GAN_STUDIO_WASM_THREADS: '1' }, 4)).toBe(1);
    expect(wasmThreadCount({ GAN_STUDIO_WASM_THREADS: 'many' }, 4)).toBe(4);
    preferWasmThreads(1);
    expect(wasmThreadCount({}, 4)).toBe(1);
    expect(wasmThreadCount({ GAN_STUDIO_WASM_THREADS: '3' }, 4)).toBe(3);
    preferWasmThreads(null);
    expect(wasmThreadCount({}, 4)).toBe(4);
  });
});
