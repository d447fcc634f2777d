import { describe, expect, it } from 'vitest';
import { tensorflowLog } from './fixtures/tensorflow-logs';
import { lastTensorflowProblem, parseTensorflowGpuLog } from './tensorflow-gpu-log';

describe('parseTensorflowGpuLog', () => {
  it('reads the devices TensorFlow created, ignoring TensorRT libraries it could not load', () => {
    const log = parseTensorflowGpuLog(tensorflowLog('gpu-a100'));
    expect(log.devices).toEqual([
      {
        index: 0,
        name: 'NVIDIA A100-SXM4-40GB',
        computeCapability: '8.0',
        memoryMb: 38402,
        pciBusId: '0000:00:04.0',
      },
    ]);
    expect(log.missingLibraries).toEqual([]);
    expect(log.skippedGpuRegistration).toBe(false);
    expect(log.ptxCompileCapability).toBeNull();
  });

  it('reads every device and notes kernels JIT-compiled from PTX for a newer GPU', () => {
    const log = parseTensorflowGpuLog(tensorflowLog('gpu-h100-ptx'));
    expect(log.devices.map((d) => [d.index, d.name, d.computeCapability, d.memoryMb])).toEqual([
      [0, 'NVIDIA H100 80GB HBM3', '9.0', 79078],
      [1, 'NVIDIA H100 80GB HBM3', '9.0', 79078],
    ]);
    expect(log.ptxCompileCapability).toBe('9.0');
  });

  it('lists each missing CUDA library once, in the order logged', () => {
    expect(parseTensorflowGpuLog(tensorflowLog('missing-cudnn'))).toMatchObject({
      devices: [],
      missingLibraries: ['libcudnn.so.8'],
      skippedGpuRegistration: true,
      cuInitError: null,
    });
    expect(parseTensorflowGpuLog(tensorflowLog('missing-cuda-runtime')).missingLibraries).toEqual([
      'libcudart.so.11.0',
      'libcublas.so.11',
      'libcublasLt.so.11',
      'libcudnn.so.8',
    ]);
  });

  it('reads a GPU too old for the build', () => {
    expect(parseTensorflowGpuLog(tensorflowLog('old-gpu')).ignoredDevices).toEqual([
      { name: 'GRID K520', computeCapability: '3.0', minimumCapability: '3.5' },
    ]);
  });

  it('reads driver problems: none installed, no device, kernel module and library out of step', () => {
    expect(parseTensorflowGpuLog(tensorflowLog('no-driver'))).toMatchObject({
      missingLibraries: ['libcuda.so.1'],
      cuInitError: 'UNKNOWN ERROR (303)',
      kernelDriverMissing: true,
    });
    expect(parseTensorflowGpuLog(tensorflowLog('no-device'))).toMatchObject({
      cuInitError: 'CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected',
      kernelDriverMissing: false,
      driverVersionMismatch: null,
    });
    expect(parseTensorflowGpuLog(tensorflowLog('driver-mismatch'))).toMatchObject({
      cuInitError: expect.stringMatching(/^CUDA_ERROR_SYSTEM_DRIVER_MISMATCH/),
      driverVersionMismatch: { kernel: '460.91.3', library: '470.199.2' },
    });
  });

  it('finds nothing in a log without CUDA lines', () => {
    expect(parseTensorflowGpuLog('')).toMatchObject({
      devices: [],
      missingLibraries: [],
      ignoredDevices: [],
      cuInitError: null,
      kernelDriverMissing: false,
    });
  });
});

describe('lastTensorflowProblem', () => {
  it('gives the message of the last warning or error line', () => {
    expect(lastTensorflowProblem(tensorflowLog('driver-mismatch'))).toBe(
      'kernel version 460.91.3 does not match DSO version 470.199.2 -- cannot find working devices in this configuration',
    );
    expect(lastTensorflowProblem(tensorflowLog('gpu-h100-ptx'))).toMatch(
      /^TensorFlow was not built with CUDA/,
    );
    expect(lastTensorflowProblem('I tensorflow/x.cc:1] fine\n')).toBeNull();
  });
});
