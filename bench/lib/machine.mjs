import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PYTHON } from './section-training.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

/** What the figures were measured on: hardware, system, runtimes and the code's commit. */
export function describeMachine() {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    ramGiB: totalmem() / 2 ** 30,
    os: `${osName()} (${type()} ${release()})`,
    node: process.version,
    tfjs: packageVersion('@tensorflow/tfjs-core'),
    tfjsBackends: {
      wasm: packageVersion('@tensorflow/tfjs-backend-wasm'),
      cpu: packageVersion('@tensorflow/tfjs-backend-cpu'),
      'tfjs-node-gpu': packageVersion('@tensorflow/tfjs-node-gpu'),
    },
    pytorch: torchVersion(),
    // PyTorch's OpenMP threads spin while they wait: on a busy machine OMP_WAIT_POLICY=PASSIVE made the
    // DCGAN 32 reference 6× faster (66 against 10 img/s). Inherited by the reference when set.
    ompWaitPolicy: process.env.OMP_WAIT_POLICY ?? null,
    // The machine may be shared: a busy one slows everything, multithreaded PyTorch most of all.
    loadAverage: loadavg()[0],
    commit: gitCommit(),
  };
}

function osName() {
  try {
    const line = readFileSync('/etc/os-release', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('PRETTY_NAME='));
    if (line) return line.slice('PRETTY_NAME='.length).replace(/^"|"$/g, '');
  } catch {
    // Not Linux: the kernel's name below says enough.
  }
  return type();
}

function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return null;
  }
}

function torchVersion() {
  if (!existsSync(PYTHON)) return null;
  try {
    const code = 'import torch; print(torch.__version__)';
    return execFileSync(PYTHON, ['-c', code], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function gitCommit() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (with uncommitted changes)' : ''}`;
  } catch {
    return null;
  }
}
