import { describe, expect, it } from 'vitest';
import { judgeTensorflowExamination, type TensorflowExamination } from './cuda-findings';
import { tensorflowLog, type TensorflowLogName } from './fixtures/tensorflow-logs';
import type { SmiResult } from './nvidia-smi';

const H200: SmiResult = {
  kind: 'ok',
  gpus: [
    {
      name: 'NVIDIA H200',
      computeCapability: '9.0',
      memoryMiB: 143771,
      driverVersion: '550.54.15',
      pciBusId: '00000000:00:05.0',
    },
  ],
};

function judge(
  logName: TensorflowLogName | '',
  outcome: TensorflowExamination['outcome'],
  smi: SmiResult = { kind: 'absent' },
  cudaVisibleDevices?: string,
) {
  const log = logName ? tensorflowLog(logName) : '';
  return judgeTensorflowExamination({ outcome, log, smi, cudaVisibleDevices });
}
const onGpu = { kind: 'computed', usingGpu: true } as const;
const onCpu = { kind: 'computed', usingGpu: false } as const;

describe('judgeTensorflowExamination: a CUDA GPU in use', () => {
  it('names the device with its compute capability and memory', () => {
    expect(judge('gpu-a100', onGpu)).toEqual({
      loadable: true,
      sentence: 'CUDA GPU: NVIDIA A100-SXM4-40GB (compute capability 8.0, 38 GB).',
    });
  });

  it("prefers nvidia-smi's total memory for the device on the same PCI bus address", () => {
    const log =
      '2025-03-01 09:12:44.301877: I tensorflow/core/common_runtime/gpu/gpu_device.cc:1532] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 137695 MB memory:  -> device: 0, name: NVIDIA H200, pci bus id: 0000:00:05.0, compute capability: 9.0\n';
    const { sentence } = judgeTensorflowExamination({ outcome: onGpu, log, smi: H200 });
    expect(sentence).toBe('CUDA GPU: NVIDIA H200 (compute capability 9.0, 140 GB).');
  });

  it('counts further GPUs and warns about kernels compiled from PTX on first use', () => {
    const { sentence } = judge('gpu-h100-ptx', onGpu);
    expect(sentence).toMatch(/^CUDA GPU: NVIDIA H100 80GB HBM3 \(compute capability 9\.0, 77 GB\)\. /);
    expect(sentence).toContain('1 more CUDA GPU visible; TensorFlow computes on the first.');
    expect(sentence).toMatch(
      /compiles them from PTX on first use: the first run can take 30 minutes or longer/,
    );
  });

  it("falls back on nvidia-smi's facts when the log says nothing (a quieter TensorFlow)", () => {
    expect(judge('', onGpu, H200).sentence).toBe('CUDA GPU: NVIDIA H200 (compute capability 9.0, 140 GB).');
    expect(judge('', onGpu).sentence).toBe('CUDA GPU in use (TensorFlow did not say which).');
  });
});

describe('judgeTensorflowExamination: why TensorFlow runs on the CPU', () => {
  const cases: [TensorflowLogName, SmiResult, string][] = [
    ['missing-cudnn', H200, 'Running on the CPU: libcudnn.so.8 not found — install cuDNN 8 for CUDA 11.x.'],
    [
      'missing-cuda-runtime',
      H200,
      'Running on the CPU: libcudart.so.11.0, libcublas.so.11 and libcublasLt.so.11 not found — install the CUDA 11.x libraries (tfjs-node-gpu 4.x is built for CUDA 11.2) and add their folder to LD_LIBRARY_PATH; libcudnn.so.8 not found — install cuDNN 8 for CUDA 11.x.',
    ],
    [
      'old-gpu',
      { kind: 'ok', gpus: [] },
      'Running on the CPU: the GPU GRID K520 has compute capability 3.0 and this TensorFlow build needs at least 3.5; it cannot use this GPU (the webgpu backend may).',
    ],
    [
      'no-driver',
      { kind: 'absent' },
      'Running on the CPU: the NVIDIA kernel driver is not running (/proc/driver/nvidia/version does not exist) — install the NVIDIA driver; `nvidia-smi` should then list the GPU.',
    ],
    [
      'no-device',
      { kind: 'failed', message: 'No devices were found' },
      'Running on the CPU: CUDA finds no device — check that the GPU is installed and the NVIDIA driver is loaded (`nvidia-smi`).',
    ],
    [
      'driver-mismatch',
      H200,
      'Running on the CPU: the NVIDIA kernel module (460.91.3) and its library libcuda (470.199.2) are different versions — reboot after a driver update, or reinstall the driver.',
    ],
  ];
  it.each(cases)('%s', (logName, smi, sentence) => {
    expect(judge(logName, onCpu, smi)).toEqual({ loadable: true, sentence });
  });

  it('says when CUDA_VISIBLE_DEVICES hides the GPUs, or when nvidia-smi sees one CUDA cannot', () => {
    expect(judge('no-device', onCpu, H200, '').sentence).toBe(
      'Running on the CPU: no CUDA device is visible: CUDA_VISIBLE_DEVICES="" hides them — unset it or list a GPU\'s index.',
    );
    expect(judge('no-device', onCpu, H200).sentence).toMatch(
      /^Running on the CPU: CUDA finds no device although nvidia-smi lists NVIDIA H200 — check access to \/dev\/nvidia\*/,
    );
  });

  it('names the driver version when it is too old for CUDA 11', () => {
    const log =
      'E tensorflow/stream_executor/cuda/cuda_driver.cc:271] failed call to cuInit: CUDA_ERROR_INSUFFICIENT_DRIVER: CUDA driver version is insufficient for CUDA runtime version\n';
    const smi: SmiResult = {
      kind: 'ok',
      gpus: [{ ...(H200.kind === 'ok' ? H200.gpus[0]! : never()), driverVersion: '418.67' }],
    };
    expect(judgeTensorflowExamination({ outcome: onCpu, log, smi }).sentence).toMatch(
      /^Running on the CPU: the NVIDIA driver \(418\.67\) is too old for the CUDA 11\.x libraries .* install driver 450\.80 or newer/,
    );
  });

  it('without any clue in the log, says what nvidia-smi says', () => {
    expect(judge('', onCpu, { kind: 'absent' }).sentence).toBe(
      'Running on the CPU: no NVIDIA GPU or driver found (nvidia-smi is not installed).',
    );
    expect(judge('', onCpu, H200).sentence).toBe(
      'Running on the CPU: TensorFlow found no usable CUDA device although nvidia-smi lists NVIDIA H200.',
    );
    expect(judge('', onCpu, { kind: 'failed', message: 'NVIDIA-SMI has failed' }).sentence).toMatch(
      /nvidia-smi cannot reach the NVIDIA driver \(NVIDIA-SMI has failed\)/,
    );
  });
});

describe('judgeTensorflowExamination: tests that did not finish', () => {
  it('does not load a TensorFlow that stalls, and says why when the log shows it (PTX compilation)', () => {
    const stalled = judge('gpu-h100-ptx', { kind: 'timed-out', seconds: 60 });
    expect(stalled.loadable).toBe(false);
    expect(stalled.sentence).toMatch(
      /^A first computation on NVIDIA H100 80GB HBM3 did not finish within 60 s: TensorFlow has no kernels built for compute capability 9\.0/,
    );
    expect(stalled.sentence).toMatch(/force another backend with --backend\.$/);
  });

  it('does not load a TensorFlow that crashes, and names the likely cause', () => {
    const crashed = judge('missing-cudnn', { kind: 'crashed', how: 'was killed by SIGSEGV' });
    expect(crashed.loadable).toBe(false);
    expect(crashed.sentence).toMatch(
      /^TensorFlow crashed while starting in a test process \(it was killed by SIGSEGV\), so the studio does not load it\. Likely cause: libcudnn\.so\.8 not found/,
    );
  });
});

function never(): never {
  throw new Error('unreachable');
}
