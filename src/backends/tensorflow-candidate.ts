import { createRequire } from 'node:module';
import {
  ExplainedError,
  firstLine,
  importOptional,
  isModuleMissing,
  type BackendCandidate,
} from './backend-candidate';
import { judgeTensorflowExamination } from './cuda-findings';
import { examineTensorflow } from './examine-tensorflow';

const PACKAGE = '@tensorflow/tfjs-node-gpu';
const TITLE = 'Native TensorFlow (libtensorflow) through tfjs-node-gpu';

/**
 * The resolved entry point of tfjs-node-gpu; throws MODULE_NOT_FOUND when it is not installed (as it is
 * not on machines without internet access), which costs no more than the import it replaces.
 */
function resolvePackage(): string {
  return createRequire(import.meta.url).resolve(PACKAGE);
}

/**
 * Settings TensorFlow reads once, when it starts; a person's own values win. Allow-growth: by default
 * TensorFlow reserves nearly all of a GPU's memory at its first computation, so the host's probe would
 * starve the trainer processes it starts. The cache size: kernels JIT-compiled from PTX (for a GPU newer
 * than the build) are kept for the next start instead of compiled again; TensorFlow's outgrow the
 * driver's default cache.
 */
function prepareEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.TF_FORCE_GPU_ALLOW_GROWTH ??= 'true';
  env.CUDA_CACHE_MAXSIZE ??= '4294967296';
  // Warnings and errors only: INFO lines about devices would garble the CLI's output; `examine` reads them.
  env.TF_CPP_MIN_LOG_LEVEL ??= '1';
}

export const tensorflowCandidate: BackendCandidate = {
  name: 'tensorflow',
  package: PACKAGE,
  async load() {
    resolvePackage();
    prepareEnvironment();
    await importOptional(PACKAGE);
  },
  async examine() {
    const modulePath = resolvePackage();
    prepareEnvironment();
    const findings = judgeTensorflowExamination(await examineTensorflow({ modulePath }));
    if (!findings.loadable) throw new ExplainedError(findings.sentence);
    return findings.sentence;
  },
  describe(tf, findings) {
    if (findings) return `${TITLE}. ${findings}`;
    // NodeJSKernelBackend.isUsingGpuDevice: whether TensorFlow registered a GPU device at start.
    const usingGpu = (tf.findBackend('tensorflow') as { isUsingGpuDevice?: unknown } | undefined)
      ?.isUsingGpuDevice;
    if (usingGpu === true) return `${TITLE}, on a CUDA GPU.`;
    if (usingGpu === false) {
      return `${TITLE}, on the CPU (all cores): TensorFlow found no usable CUDA device; \`gan-studio info\` and the System view say why.`;
    }
    return `${TITLE}: CUDA GPU when one is usable, otherwise all CPU cores.`;
  },
  explainFailure(error) {
    if (error instanceof ExplainedError) return error.message;
    if (isModuleMissing(error)) {
      return `Not installed. It is an optional dependency whose install downloads libtensorflow, which needs internet access; on a connected machine run \`npm install ${PACKAGE}\`.`;
    }
    return `Installed but it does not load (${firstLine(error)}). Reinstall it with \`npm rebuild ${PACKAGE}\` on a machine with internet access.`;
  },
};
