import { spawn } from 'node:child_process';
import type { TensorflowExamination } from './cuda-findings';
import { queryNvidiaSmi, type SmiResult } from './nvidia-smi';

/**
 * Starts tfjs-node-gpu in a short test process and watches what TensorFlow logs while it does: the
 * binding logs through TensorFlow's C++ logging straight to stderr, which cannot be read from inside the
 * process that loads it. The test process multiplies two small matrices and says whether its backend
 * used a GPU. Being a process of its own, a crash or a stall there (missing CUDA pieces, kernels being
 * JIT-compiled for a new GPU) never reaches the host. nvidia-smi runs beside it for the device facts.
 */
export interface ExamineOptions {
  /** The resolved path of tfjs-node-gpu's entry point (any module with the same API in tests). */
  readonly modulePath: string;
  readonly timeoutMs?: number;
  readonly querySmi?: () => Promise<SmiResult>;
  readonly env?: NodeJS.ProcessEnv;
}

/** Long enough for TensorFlow to find and initialise a GPU; short enough to keep a report prompt. */
export const EXAMINE_TIMEOUT_MS = 60_000;
/** TensorFlow's start-up log is a few kilobytes; keep the end of anything longer. */
const MAX_LOG_CHARS = 256 * 1024;
const RESULT_MARK = 'GAN_STUDIO_TF_EXAMINATION ';

// CommonJS run with `node -e`: tfjs-node-gpu is a CommonJS package, and argv[1] is its resolved path.
const TEST_PROGRAM = `
const tf = require(process.argv[1]);
const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
const product = tf.matMul(a, a).dataSync();
const backend = tf.backend();
process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify({
  usingGpu: backend.isUsingGpuDevice === true,
  product: Array.from(product),
}) + '\\n');
`;

export async function examineTensorflow(options: ExamineOptions): Promise<TensorflowExamination> {
  const env = options.env ?? process.env;
  const [run, smi] = await Promise.all([
    runTestProcess(options.modulePath, options.timeoutMs ?? EXAMINE_TIMEOUT_MS, env),
    (options.querySmi ?? (() => queryNvidiaSmi()))(),
  ]);
  return { ...run, smi, cudaVisibleDevices: env.CUDA_VISIBLE_DEVICES };
}

function runTestProcess(
  modulePath: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv,
): Promise<Omit<TensorflowExamination, 'smi' | 'cudaVisibleDevices'>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', TEST_PROGRAM, modulePath], {
      env: {
        ...env,
        // Everything TensorFlow says about CUDA is INFO or WARNING.
        TF_CPP_MIN_LOG_LEVEL: '0',
        // Only what this test needs, not (by TensorFlow's default) nearly all of the GPU's memory.
        TF_FORCE_GPU_ALLOW_GROWTH: 'true',
        // Under Electron, process.execPath is Electron: run it as plain Node.
        ELECTRON_RUN_AS_NODE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let log = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      log = (log + chunk).slice(-MAX_LOG_CHARS);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // A process stuck compiling CUDA kernels ignores nothing but SIGKILL reliably.
      child.kill('SIGKILL');
    }, timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      clearTimeout(timer);
      const result = parseResult(stdout);
      if (timedOut) resolve({ log, outcome: { kind: 'timed-out', seconds: Math.round(timeoutMs / 1000) } });
      else if (result && code === 0)
        resolve({ log, outcome: { kind: 'computed', usingGpu: result.usingGpu } });
      else {
        const how = spawnError
          ? `could not be started: ${spawnError.message}`
          : signal
            ? `was killed by ${signal}`
            : code === 0
              ? 'finished without the right product of two 2×2 matrices'
              : `exited with code ${code}`;
        resolve({ log, outcome: { kind: 'crashed', how } });
      }
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
  });
}

function parseResult(stdout: string): { usingGpu: boolean } | null {
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (!line) return null;
  try {
    const parsed = JSON.parse(line.slice(RESULT_MARK.length)) as { usingGpu?: unknown; product?: unknown };
    // [[1,2],[3,4]]² = [[7,10],[15,22]]: a backend that computes garbage is no backend.
    const ok = JSON.stringify(parsed.product) === '[7,10,15,22]';
    return ok ? { usingGpu: parsed.usingGpu === true } : null;
  } catch {
    return null;
  }
}
