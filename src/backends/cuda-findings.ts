import type { SmiGpu, SmiResult } from './nvidia-smi';
import {
  lastTensorflowProblem,
  parseTensorflowGpuLog,
  type TensorflowGpuDevice,
  type TensorflowGpuLog,
} from './tensorflow-gpu-log';

/**
 * Turns what a test process saw while tfjs-node-gpu started (its TensorFlow log, whether the backend
 * used a GPU, nvidia-smi's list) into one sentence a person can act on. Pure: examine-tensorflow.ts
 * gathers the facts.
 */
export interface TensorflowExamination {
  readonly outcome:
    | { readonly kind: 'computed'; readonly usingGpu: boolean }
    | { readonly kind: 'timed-out'; readonly seconds: number }
    /** e.g. "was killed by SIGSEGV", "exited with code 1". */
    | { readonly kind: 'crashed'; readonly how: string };
  /** The test process's stderr: TensorFlow's log at TF_CPP_MIN_LOG_LEVEL=0. */
  readonly log: string;
  readonly smi: SmiResult;
  /** The CUDA_VISIBLE_DEVICES the test process ran with, when set. */
  readonly cudaVisibleDevices?: string | undefined;
}

export interface CudaFindings {
  /** False when loading tfjs-node-gpu into the host would crash it or stall it. */
  readonly loadable: boolean;
  readonly sentence: string;
}

/** tfjs-node-gpu 4.x bundles libtensorflow 2.9, built for CUDA 11.2 and cuDNN 8.1. */
const CUDA_LIBRARIES = 'the CUDA 11.x libraries (tfjs-node-gpu 4.x is built for CUDA 11.2)';
/** The studio raises CUDA_CACHE_MAXSIZE (tensorflow-candidate.ts) so that the driver keeps them. */
const KEEP_PTX_CACHE = 'once: the driver keeps them in ~/.nv/ComputeCache';

export function judgeTensorflowExamination(examination: TensorflowExamination): CudaFindings {
  const log = parseTensorflowGpuLog(examination.log);
  const smiGpus = examination.smi.kind === 'ok' ? examination.smi.gpus : [];
  const { outcome } = examination;

  if (outcome.kind === 'computed') {
    if (!outcome.usingGpu) {
      return { loadable: true, sentence: `Running on the CPU: ${cpuFallbackReason(examination, log)}.` };
    }
    return { loadable: true, sentence: describeGpuInUse(log, smiGpus) };
  }

  if (outcome.kind === 'timed-out') {
    const device = log.devices[0];
    const where = device ? ` on ${device.name}` : '';
    const why = log.ptxCompileCapability
      ? `: TensorFlow has no kernels built for compute capability ${log.ptxCompileCapability} and compiles them from PTX on first use, which can take 30 minutes or longer (${KEEP_PTX_CACHE})`
      : withLastWarning('', examination.log, ' (last TensorFlow warning: ', ')');
    return {
      loadable: false,
      sentence: `A first computation${where} did not finish within ${outcome.seconds} s${why}. Not loaded into the studio itself, which must stay responsive; a run on it waits for this, or force another backend with --backend.`,
    };
  }

  const known = log.devices.length === 0 ? ` Likely cause: ${cpuFallbackReason(examination, log)}.` : '';
  return {
    loadable: false,
    sentence: withLastWarning(
      `TensorFlow crashed while starting in a test process (it ${outcome.how}), so the studio does not load it.${known}`,
      examination.log,
      ' Its last warning: ',
      '.',
    ),
  };
}

function describeGpuInUse(log: TensorflowGpuLog, smiGpus: readonly SmiGpu[]): string {
  const device = log.devices[0];
  const smiGpu = device ? matchSmiGpu(device, smiGpus) : smiGpus[0];
  const name = device?.name ?? smiGpu?.name;
  if (!name) return 'CUDA GPU in use (TensorFlow did not say which).';
  const capability = device?.computeCapability ?? smiGpu?.computeCapability ?? null;
  const memory = smiGpu?.memoryMiB ?? device?.memoryMb ?? null;
  const facts = [
    capability ? `compute capability ${capability}` : null,
    memory !== null ? `${Math.round(memory / 1024)} GB` : null,
  ].filter((fact) => fact !== null);
  let sentence = `CUDA GPU: ${name}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}.`;
  const others = log.devices.length - 1;
  if (others > 0) {
    sentence += ` ${others} more CUDA GPU${others > 1 ? 's' : ''} visible; TensorFlow computes on the first.`;
  }
  if (log.ptxCompileCapability) {
    sentence += ` TensorFlow has no kernels built for compute capability ${log.ptxCompileCapability} and compiles them from PTX on first use: the first run can take 30 minutes or longer to start (${KEEP_PTX_CACHE}).`;
  }
  return sentence;
}

/** nvidia-smi's entry for the device TensorFlow created: same PCI bus address, else same name. */
function matchSmiGpu(device: TensorflowGpuDevice, gpus: readonly SmiGpu[]): SmiGpu | undefined {
  // "0000:00:05.0" (TensorFlow) and "00000000:00:05.0" (nvidia-smi) differ only in the domain's width.
  const busAddress = (id: string): string => id.toLowerCase().split(':').slice(-2).join(':');
  return (
    gpus.find((gpu) => gpu.pciBusId && busAddress(gpu.pciBusId) === busAddress(device.pciBusId)) ??
    gpus.find((gpu) => gpu.name === device.name)
  );
}

/** Why TensorFlow runs on the CPU, most specific cause first, with what to do about it. */
function cpuFallbackReason(examination: TensorflowExamination, log: TensorflowGpuLog): string {
  const { smi, cudaVisibleDevices } = examination;
  const smiGpus = smi.kind === 'ok' ? smi.gpus : [];
  const driverVersion = smiGpus[0]?.driverVersion;

  const tooOld = log.ignoredDevices[0];
  if (tooOld) {
    return `the GPU ${tooOld.name} has compute capability ${tooOld.computeCapability} and this TensorFlow build needs at least ${tooOld.minimumCapability}; it cannot use this GPU (the webgpu backend may)`;
  }
  if (log.missingLibraries.some((lib) => lib.startsWith('libcuda.so')) || log.kernelDriverMissing) {
    const what = log.kernelDriverMissing
      ? 'the NVIDIA kernel driver is not running (/proc/driver/nvidia/version does not exist)'
      : 'no NVIDIA driver is installed (libcuda.so.1 not found)';
    return `${what} — install the NVIDIA driver; \`nvidia-smi\` should then list the GPU`;
  }
  if (log.driverVersionMismatch) {
    const { kernel, library } = log.driverVersionMismatch;
    return `the NVIDIA kernel module (${kernel}) and its library libcuda (${library}) are different versions — reboot after a driver update, or reinstall the driver`;
  }
  const cuInit = log.cuInitError;
  if (cuInit && /CUDA_ERROR_NO_DEVICE/.test(cuInit)) {
    if (cudaVisibleDevices !== undefined) {
      return `no CUDA device is visible: CUDA_VISIBLE_DEVICES="${cudaVisibleDevices}" hides them — unset it or list a GPU's index`;
    }
    const listed = smiGpus[0]
      ? ` although nvidia-smi lists ${smiGpus[0].name} — check access to /dev/nvidia* (in a container, start it with the GPU passed through)`
      : ' — check that the GPU is installed and the NVIDIA driver is loaded (`nvidia-smi`)';
    return `CUDA finds no device${listed}`;
  }
  if (cuInit && /DRIVER_MISMATCH|COMPAT_NOT_SUPPORTED|INSUFFICIENT_DRIVER|insufficient/i.test(cuInit)) {
    const version = driverVersion ? ` (${driverVersion})` : '';
    return `the NVIDIA driver${version} is too old for ${CUDA_LIBRARIES} — install driver 450.80 or newer (cuInit: ${cuInit})`;
  }
  if (cuInit) return `CUDA could not start (cuInit: ${cuInit}) — check the NVIDIA driver with \`nvidia-smi\``;

  const cudnn = log.missingLibraries.filter((lib) => lib.startsWith('libcudnn'));
  const runtime = log.missingLibraries.filter((lib) => !lib.startsWith('libcudnn'));
  const missing: string[] = [];
  if (runtime.length > 0) {
    missing.push(
      `${listWords(runtime)} not found — install ${CUDA_LIBRARIES} and add their folder to LD_LIBRARY_PATH`,
    );
  }
  if (cudnn.length > 0) missing.push(`${listWords(cudnn)} not found — install cuDNN 8 for CUDA 11.x`);
  if (missing.length > 0) return missing.join('; ');
  if (log.skippedGpuRegistration) {
    return `TensorFlow could not load some GPU libraries (it did not say which) — install ${CUDA_LIBRARIES} and cuDNN 8`;
  }

  if (smiGpus[0]) {
    return withLastWarning(
      `TensorFlow found no usable CUDA device although nvidia-smi lists ${smiGpus[0].name}`,
      examination.log,
      ' (its last warning: ',
      ')',
    );
  }
  if (smi.kind === 'absent') return 'no NVIDIA GPU or driver found (nvidia-smi is not installed)';
  if (smi.kind === 'failed') {
    return `nvidia-smi cannot reach the NVIDIA driver (${smi.message}) — load or reinstall the driver`;
  }
  return withLastWarning('TensorFlow found no CUDA device', examination.log, ' (its last warning: ', ')');
}

/** `text`, followed by TensorFlow's last logged warning or error between `open` and `close`, if any. */
function withLastWarning(text: string, log: string, open: string, close: string): string {
  const problem = lastTensorflowProblem(log);
  return problem ? `${text}${open}${problem}${close}` : text;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
