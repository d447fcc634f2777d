import { execFile } from 'node:child_process';

/** One GPU as `nvidia-smi --query-gpu=…` lists it. */
export interface SmiGpu {
  readonly name: string;
  /** e.g. "9.0"; null from drivers older than the `compute_cap` field (R510). */
  readonly computeCapability: string | null;
  readonly memoryMiB: number | null;
  readonly driverVersion: string | null;
  /** e.g. "00000000:00:05.0". */
  readonly pciBusId: string | null;
}

export type SmiResult =
  | { readonly kind: 'ok'; readonly gpus: readonly SmiGpu[] }
  /** Not installed: NVIDIA's driver ships it, so usually there is no NVIDIA driver. */
  | { readonly kind: 'absent' }
  /** It ran and failed, e.g. "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver". */
  | { readonly kind: 'failed'; readonly message: string };

const FIELDS = ['name', 'compute_cap', 'memory.total', 'driver_version', 'pci.bus_id'] as const;
const FIELDS_WITHOUT_CAPABILITY = FIELDS.filter((field) => field !== 'compute_cap');

/**
 * Parses `--format=csv,noheader,nounits` output of `FIELDS` (or of `FIELDS_WITHOUT_CAPABILITY` when
 * `withCapability` is false). Names may hold commas, so the fixed fields are taken from the right.
 */
export function parseNvidiaSmiCsv(text: string, withCapability = true): SmiGpu[] {
  const fixed = withCapability ? 4 : 3;
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const cells = line.split(',').map((cell) => cell.trim());
      const tail = cells.splice(cells.length - fixed, fixed);
      const [capability, memory, driver, bus] = withCapability ? tail : [null, ...tail];
      const known = (value: string | null | undefined): string | null =>
        value && !/^\[(N\/A|Not Supported)\]$/.test(value) && value !== 'N/A' ? value : null;
      const mib = Number.parseFloat(known(memory) ?? '');
      return {
        name: cells.join(', '),
        computeCapability: known(capability),
        memoryMiB: Number.isFinite(mib) ? mib : null,
        driverVersion: known(driver),
        pciBusId: known(bus),
      };
    });
}

/** Runs nvidia-smi (when it is on PATH) with a time limit; never throws. */
export async function queryNvidiaSmi(timeoutMs = 5000, command = 'nvidia-smi'): Promise<SmiResult> {
  const run = (fields: readonly string[]) =>
    new Promise<{ stdout: string; error: (Error & { code?: unknown }) | null; stderr: string }>((resolve) => {
      execFile(
        command,
        [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'],
        { timeout: timeoutMs, encoding: 'utf8' },
        (error, stdout, stderr) => resolve({ stdout, stderr, error }),
      );
    });
  let result = await run(FIELDS);
  if (result.error?.code === 'ENOENT') return { kind: 'absent' };
  let withCapability = true;
  // Drivers before R510 do not know compute_cap: "Field "compute_cap" is not a valid field to query."
  if (result.error && /compute_cap/.test(result.stdout + result.stderr)) {
    result = await run(FIELDS_WITHOUT_CAPABILITY);
    withCapability = false;
  }
  if (result.error) {
    const message = (result.stdout + result.stderr).trim().split('\n')[0] || result.error.message;
    return { kind: 'failed', message };
  }
  return { kind: 'ok', gpus: parseNvidiaSmiCsv(result.stdout, withCapability) };
}
