/**
 * What TensorFlow's C++ log (stderr, at TF_CPP_MIN_LOG_LEVEL=0) says about CUDA while it starts: the
 * GPU devices it created, or why it created none. Parses the TensorFlow 2.x formats, e.g.
 *
 *   I tensorflow/core/common_runtime/gpu/gpu_device.cc:1532] Created device
 *     /job:localhost/replica:0/task:0/device:GPU:0 with 38402 MB memory:  -> device: 0, name: NVIDIA
 *     A100-SXM4-40GB, pci bus id: 0000:00:04.0, compute capability: 8.0
 *   W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library
 *     'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory
 *
 * Only the message matters, not the source file (it moved between releases), so each rule matches text.
 */
export interface TensorflowGpuDevice {
  /** TensorFlow's GPU ordinal (`device:GPU:n`). */
  readonly index: number;
  readonly name: string;
  readonly computeCapability: string;
  /** The memory TensorFlow set aside for it, in MB. */
  readonly memoryMb: number;
  readonly pciBusId: string;
}

export interface IgnoredGpuDevice {
  readonly name: string;
  readonly computeCapability: string;
  readonly minimumCapability: string;
}

export interface TensorflowGpuLog {
  readonly devices: readonly TensorflowGpuDevice[];
  /** Libraries it could not dlopen, in the order logged, without TensorRT's (optional for TensorFlow). */
  readonly missingLibraries: readonly string[];
  /** "Cannot dlopen some GPU libraries … Skipping registering GPU devices". */
  readonly skippedGpuRegistration: boolean;
  /** GPUs too old for this TensorFlow build. */
  readonly ignoredDevices: readonly IgnoredGpuDevice[];
  /** What `cuInit` failed with, e.g. "CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected". */
  readonly cuInitError: string | null;
  /** The NVIDIA kernel module is not loaded (/proc/driver/nvidia/version missing). */
  readonly kernelDriverMissing: boolean;
  /** "kernel version A does not match DSO version B": the driver's kernel module and libcuda disagree. */
  readonly driverVersionMismatch: { readonly kernel: string; readonly library: string } | null;
  /** A compute capability TensorFlow has no compiled kernels for: it JIT-compiles them from PTX. */
  readonly ptxCompileCapability: string | null;
}

const CREATED_DEVICE =
  /Created device \S*device:GPU:(\d+) with (\d+) MB memory:?\s*->\s*device: \d+, name: (.+?), pci bus id: ([^,]+), compute capability: (\d+\.\d+)/;
const MISSING_LIBRARY = /Could not load dynamic library '([^']+)'/;
const IGNORED_DEVICE =
  /Ignoring visible gpu device \((?:device: \d+, )?name: (.+?), pci bus id: [^,]*, compute capability: \d+\.\d+\) with Cuda compute capability (\d+\.\d+)\. The minimum required Cuda capability is (\d+\.\d+)/;
const CU_INIT = /failed call to cuInit: (.+)$/;
const VERSION_MISMATCH = /kernel version (\S+) does not match DSO version (\S+)/;
const PTX_COMPILE = /not built with CUDA kernel binaries compatible with compute capability (\d+\.\d+)/;
/** TensorRT (libnvinfer*) is only for TF-TRT; TensorFlow uses the GPU without it. */
const OPTIONAL_LIBRARY = /^libnvinfer/;

export function parseTensorflowGpuLog(text: string): TensorflowGpuLog {
  const devices: TensorflowGpuDevice[] = [];
  const missing: string[] = [];
  const ignoredDevices: IgnoredGpuDevice[] = [];
  let cuInitError: string | null = null;
  let driverVersionMismatch: TensorflowGpuLog['driverVersionMismatch'] = null;
  let ptxCompileCapability: string | null = null;

  for (const line of text.split(/\r?\n/)) {
    const created = CREATED_DEVICE.exec(line);
    if (created) {
      devices.push({
        index: Number(created[1]),
        memoryMb: Number(created[2]),
        name: created[3]!.trim(),
        pciBusId: created[4]!.trim(),
        computeCapability: created[5]!,
      });
      continue;
    }
    const library = MISSING_LIBRARY.exec(line)?.[1];
    if (library) {
      if (!OPTIONAL_LIBRARY.test(library) && !missing.includes(library)) missing.push(library);
      continue;
    }
    const ignored = IGNORED_DEVICE.exec(line);
    if (ignored) {
      ignoredDevices.push({
        name: ignored[1]!.trim(),
        computeCapability: ignored[2]!,
        minimumCapability: ignored[3]!,
      });
      continue;
    }
    cuInitError ??= CU_INIT.exec(line)?.[1]?.trim() ?? null;
    const mismatch = VERSION_MISMATCH.exec(line);
    if (mismatch) driverVersionMismatch = { kernel: mismatch[1]!, library: mismatch[2]! };
    ptxCompileCapability ??= PTX_COMPILE.exec(line)?.[1] ?? null;
  }

  return {
    devices,
    missingLibraries: missing,
    skippedGpuRegistration: /Cannot dlopen some GPU libraries/.test(text),
    ignoredDevices,
    cuInitError,
    kernelDriverMissing: /kernel driver does not appear to be running on this host/.test(text),
    driverVersionMismatch,
    ptxCompileCapability,
  };
}

/** The last line that looks like a TensorFlow warning or error, for a reason no rule above recognises. */
export function lastTensorflowProblem(text: string): string | null {
  // "2024-05-14 10:21:34.101010: W tensorflow/…/gpu_device.cc:1934] <message>"
  const problems = text.split(/\r?\n/).filter((line) => /(^|: )[WEF] \S+:\d+\] /.test(line));
  const last = problems.at(-1);
  return last ? last.replace(/^.*?:\d+\] /, '').trim() : null;
}
