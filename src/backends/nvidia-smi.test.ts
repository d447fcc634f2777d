import { describe, expect, it } from 'vitest';
import { parseNvidiaSmiCsv, queryNvidiaSmi } from './nvidia-smi';

describe('parseNvidiaSmiCsv', () => {
  it('reads name, compute capability, memory, driver and bus id per GPU', () => {
    const csv = [
      'NVIDIA H200, 9.0, 143771, 550.54.15, 00000000:00:05.0',
      'NVIDIA GeForce RTX 3090, 8.6, 24576, 550.54.15, 00000000:41:00.0',
      '',
    ].join('\n');
    expect(parseNvidiaSmiCsv(csv)).toEqual([
      {
        name: 'NVIDIA H200',
        computeCapability: '9.0',
        memoryMiB: 143771,
        driverVersion: '550.54.15',
        pciBusId: '00000000:00:05.0',
      },
      {
        name: 'NVIDIA GeForce RTX 3090',
        computeCapability: '8.6',
        memoryMiB: 24576,
        driverVersion: '550.54.15',
        pciBusId: '00000000:41:00.0',
      },
    ]);
  });

  it('keeps commas inside names, reads [N/A] as unknown, and works without compute_cap (old drivers)', () => {
    expect(parseNvidiaSmiCsv('Tesla K80, rev 2, 3.7, [N/A], 470.82.01, 00000000:00:1E.0')[0]).toMatchObject({
      name: 'Tesla K80, rev 2',
      memoryMiB: null,
    });
    expect(parseNvidiaSmiCsv('Tesla T4, 15360, 460.32.03, 00000000:00:04.0', false)).toEqual([
      {
        name: 'Tesla T4',
        computeCapability: null,
        memoryMiB: 15360,
        driverVersion: '460.32.03',
        pciBusId: '00000000:00:04.0',
      },
    ]);
  });
});

describe('queryNvidiaSmi', () => {
  it('says "absent" when the command does not exist, without throwing', async () => {
    expect(await queryNvidiaSmi(5000, 'nvidia-smi-that-does-not-exist')).toEqual({ kind: 'absent' });
  });
});
