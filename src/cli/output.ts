import type { Result } from '../shared/api/errors';

export { formatBytes } from '../shared/format-bytes';

/**
 * Every command prints either for people (aligned text, one idea a line) or, with `--json`, exactly one
 * JSON document on stdout — the contract's Result envelope — so scripts can pipe it into jq.
 * Errors go to stderr as the API's sentence and end the process with exit code 1.
 */
export interface OutputOptions {
  readonly json?: boolean;
}

export function report<T>(result: Result<T>, options: OutputOptions, human: (value: T) => string): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else if (result.ok) {
    process.stdout.write(`${human(result.value)}\n`);
  } else {
    process.stderr.write(`Error: ${result.error.message}\n`);
  }
  if (!result.ok) process.exitCode = 1;
}

/** Left-aligned columns for terminal tables; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}
