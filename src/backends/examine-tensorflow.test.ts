import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { examineTensorflow } from './examine-tensorflow';
import { tensorflowLog } from './fixtures/tensorflow-logs';

// Fake tfjs-node-gpu modules, run in the real test process examineTensorflow starts: each logs as
// TensorFlow would (only at TF_CPP_MIN_LOG_LEVEL=0, as TensorFlow's INFO lines), then behaves as asked.
const folder = mkdtempSync(join(tmpdir(), 'gan-studio-examine-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fakeTensorflow(name: string, log: string, behaviour: string): string {
  const path = join(folder, `${name}.cjs`);
  writeFileSync(
    path,
    `if (process.env.TF_CPP_MIN_LOG_LEVEL === '0') process.stderr.write(${JSON.stringify(log)});
${behaviour}
const tensor = (values) => ({ values, dataSync: () => values });
module.exports = {
  tensor2d: (values) => tensor(values),
  // [[a,b],[c,d]]² for the 2×2 test matrix.
  matMul: ({ values: [a, b, c, d] }) => tensor([a * a + b * c, a * b + b * d, c * a + d * c, c * b + d * d]),
  backend: () => ({ isUsingGpuDevice: process.env.FAKE_GPU === '1' }),
};
`,
  );
  return path;
}

const noSmi = async () => ({ kind: 'absent' }) as const;

describe('examineTensorflow', () => {
  it("reports whether the test process's backend used a GPU, with TensorFlow's log", async () => {
    const modulePath = fakeTensorflow('gpu', tensorflowLog('gpu-a100'), '');
    const examination = await examineTensorflow({
      modulePath,
      querySmi: noSmi,
      env: { ...process.env, FAKE_GPU: '1', TF_CPP_MIN_LOG_LEVEL: '3' },
    });
    expect(examination.outcome).toEqual({ kind: 'computed', usingGpu: true });
    expect(examination.log).toContain('Created device /job:localhost/replica:0/task:0/device:GPU:0');
    expect(examination.smi).toEqual({ kind: 'absent' });
  });

  it('passes CUDA_VISIBLE_DEVICES on, and reports a CPU fallback', async () => {
    const modulePath = fakeTensorflow('cpu', tensorflowLog('missing-cudnn'), '');
    const examination = await examineTensorflow({
      modulePath,
      querySmi: noSmi,
      env: { ...process.env, FAKE_GPU: '0', CUDA_VISIBLE_DEVICES: '1' },
    });
    expect(examination).toMatchObject({
      outcome: { kind: 'computed', usingGpu: false },
      cudaVisibleDevices: '1',
      log: expect.stringContaining("Could not load dynamic library 'libcudnn.so.8'"),
    });
  });

  it('survives a test process that crashes', async () => {
    const modulePath = fakeTensorflow(
      'crash',
      tensorflowLog('no-driver'),
      "process.kill(process.pid, 'SIGSEGV');",
    );
    const examination = await examineTensorflow({ modulePath, querySmi: noSmi });
    expect(examination.outcome).toEqual({ kind: 'crashed', how: 'was killed by SIGSEGV' });
    expect(examination.log).toContain('failed call to cuInit');
  });

  it('kills a test process that stalls, after the time limit', async () => {
    const modulePath = fakeTensorflow('stall', tensorflowLog('gpu-h100-ptx'), 'for (;;) {}');
    const started = Date.now();
    const examination = await examineTensorflow({ modulePath, querySmi: noSmi, timeoutMs: 1500 });
    expect(examination.outcome).toEqual({ kind: 'timed-out', seconds: 2 });
    expect(examination.log).toContain('jit-compiled from PTX');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does not take a wrong product for a working backend', async () => {
    const modulePath = join(folder, 'wrong.cjs');
    writeFileSync(
      modulePath,
      'const t = (v) => ({ dataSync: () => v }); module.exports = { tensor2d: t, matMul: () => t([0, 0, 0, 0]), backend: () => ({}) };',
    );
    const examination = await examineTensorflow({ modulePath, querySmi: noSmi });
    expect(examination.outcome).toEqual({
      kind: 'crashed',
      how: 'finished without the right product of two 2×2 matrices',
    });
  });
});
