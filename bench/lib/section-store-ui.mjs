import { fileURLToPath } from 'node:url';
import { runJsonChild } from './json-child.mjs';

const script = (name) => fileURLToPath(new URL(`../${name}`, import.meta.url));

/**
 * Sections 5 and 6 spawn the standalone benches (each prints its human lines, then one JSON line
 * with `--json`): bench/metric-insert.mjs, bench/compare-open.mjs and bench/chart-streaming.mjs.
 * Quick runs use a tenth of the points.
 */
export async function runStoreSection({ quick, log }) {
  const points = quick ? 100_000 : 1_000_000;
  const insert = await runBench('metric-insert.mjs', ['--points', String(points), '--batch', '1000'], log);
  const steps = quick ? 10_000 : 100_000;
  const compare = await runBench('compare-open.mjs', ['--runs', '8', '--points', String(steps)], log);
  return { insert, compare };
}

export async function runUiSection({ quick, log }) {
  const points = quick ? 10_000 : 100_000;
  const seconds = quick ? 3 : 10;
  return {
    chart: await runBench(
      'chart-streaming.mjs',
      ['--points', String(points), '--seconds', String(seconds)],
      log,
    ),
  };
}

async function runBench(name, args, log) {
  const run = await runJsonChild(process.execPath, [script(name), ...args, '--json']);
  for (const line of run.text) log(`  ${line}`);
  const figures = run.messages.at(-1);
  if (run.code !== 0 || !figures) {
    const reason = `${name} failed (exit ${run.code}): ${run.stderr.trim().split('\n').at(-1) ?? 'no output'}`;
    log(`  ${reason}`);
    return { status: 'failed', reason, command: `node bench/${name} ${args.join(' ')}` };
  }
  const { receivedAt: _receivedAt, ...rest } = figures;
  return { status: 'measured', command: `node bench/${name} ${args.join(' ')}`, ...rest };
}
